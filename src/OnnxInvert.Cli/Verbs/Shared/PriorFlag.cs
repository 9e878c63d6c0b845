using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>The <c>--prior</c> flag: one parser for every verb (the forms of <see cref="PriorParser"/>, and <c>none</c> where constraints can be switched off).</summary>
internal static class PriorFlag
{
    /// <summary>The prior <paramref name="text"/> names (null: the generator's) and whether it was <c>none</c>.</summary>
    /// <exception cref="UsageException">The text is no prior (or <c>none</c> where <paramref name="allowNone"/> is false).</exception>
    public static (Prior? Prior, bool None) Parse(string? text, bool allowNone)
    {
        if (text is null)
        {
            return (null, false);
        }

        if (allowNone && text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        try
        {
            return (PriorParser.Parse(text), false);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--prior: {ex.Message}{(allowNone ? " (or none)" : string.Empty)}");
        }
    }
}
