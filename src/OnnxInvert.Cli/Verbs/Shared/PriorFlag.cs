using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>The <c>--prior</c> flag: one parser for every verb (the forms of <see cref="PriorParser"/>, and <c>none</c> where constraints can be switched off).</summary>
internal static class PriorFlag
{
    /// <summary>
    /// Every --prior given: SPEC for every latent (the last plain one counts; two are an error) and NAME=SPEC for one
    /// latent, as that latent's settings (a prior, or no constraint for <c>none</c>).
    /// </summary>
    /// <exception cref="UsageException">A spec is no prior, or a latent or the default is given twice.</exception>
    public static (Prior? Prior, bool None, IReadOnlyDictionary<string, LatentSettings> PerLatent) ParseAll(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string? plain = null;
        var perLatent = new Dictionary<string, LatentSettings>(StringComparer.Ordinal);
        foreach (string entry in entries)
        {
            if (ModelFlags.Split(entry) is not { } named)
            {
                plain = plain is null ? entry : throw new UsageException($"--prior is given twice for every latent ('{plain}', '{entry}'); use --prior NAME=SPEC for one latent");
                continue;
            }

            var (prior, none) = Parse(named.Value, allowNone: true);
            if (!perLatent.TryAdd(named.Name, new LatentSettings { Prior = prior, PriorHandling = none ? PriorHandling.None : null }))
            {
                throw new UsageException($"--prior is given twice for latent '{named.Name}'");
            }
        }

        var (all, allNone) = Parse(plain, allowNone: true);
        return (all, allNone, perLatent);
    }

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
