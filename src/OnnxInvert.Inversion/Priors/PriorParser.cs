using System.Globalization;

namespace OnnxInvert.Inversion.Priors;

/// <summary>Parses the text form of a prior: "uniform" (U[-1,1]), "uniform:a,b", "normal" (N(0,1)), "normal:mean,std".</summary>
public static class PriorParser
{
    /// <summary>The accepted forms, for help and error text.</summary>
    public const string Forms = "uniform, uniform:LOW,HIGH, normal, normal:MEAN,STD";

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not one of <see cref="Forms"/>.</exception>
    public static Prior Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Trim().Split(':', 2);
        string kind = parts[0].ToLowerInvariant();
        float[] values = parts.Length == 1 ? [] : ParseNumbers(parts[1], text);
        try
        {
            return (kind, values.Length) switch
            {
                ("uniform", 0) => new UniformPrior(-1, 1),
                ("uniform", 2) => new UniformPrior(values[0], values[1]),
                ("normal" or "gaussian", 0) => new NormalPrior(0, 1),
                ("normal" or "gaussian", 2) => new NormalPrior(values[0], values[1]),
                _ => throw new FormatException($"unknown prior '{text}'; expected one of: {Forms}"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"invalid prior '{text}': {ex.Message}", ex);
        }
    }

    private static float[] ParseNumbers(string list, string text) =>
        list.Split(',').Select(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v)
            ? v
            : throw new FormatException($"invalid prior '{text}': '{s}' is not a number; expected one of: {Forms}")).ToArray();
}
