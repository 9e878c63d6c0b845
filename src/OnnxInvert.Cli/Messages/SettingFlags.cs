using System.Text.RegularExpressions;

namespace OnnxInvert.Cli.Messages;

/// <summary>
/// The CLI's names for the library settings its messages mention. The libraries name a setting in their own terms
/// (<c>GeneratorOptions.Layout</c>, "the path given to OrtLibrary.Load"), since a library user sets properties, not
/// flags; everything the CLI prints passes through <see cref="Rephrase"/>, which puts the flag in their place. This
/// table is the one place the two vocabularies meet.
/// </summary>
internal static partial class SettingFlags
{
    /// <summary>A library setting's term in messages, the flag that sets it and, for a bare mention, how the flag is written.</summary>
    /// <param name="Setting">The library's term: <c>Type.Property</c> or a fixed phrase.</param>
    /// <param name="Flag">The CLI flag.</param>
    /// <param name="Usage">Appended to the flag where the message gives no value (<c>NAME=4,32,32</c>), or null.</param>
    internal sealed record Entry(string Setting, string Flag, string? Usage = null);

    /// <summary>Every library setting a message may name, with its flag.</summary>
    internal static readonly Entry[] Entries =
    [
        new("GeneratorOptions.InputShapes", "--latent-shape", "NAME=4,32,32"),
        new("GeneratorOptions.Layout", "--layout"),
        new("GeneratorOptions.ImageShape", "--image-shape"),
        new("GeneratorOptions.ImageOutput", "--output"),
        new("GeneratorOptions.Latents", "--latent"),
        new("GeneratorOptions.LatentInput", "--latent"),
        new("TargetFormat.Resize", "--resize"),
        new("InversionJob.ReuseFolder", "--reuse"),
        new("SessionSettings.Provider", "--provider"),
        new("SessionSettings.GraphOptimization", "--ort-optimization"),
        new("the path given to OrtLibrary.Load", "--ort-lib"),
    ];

    private static readonly Regex Mention = BuildMention();

    private static readonly Dictionary<string, Entry> BySetting = Entries.ToDictionary(e => e.Setting, StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="message"/> with every library setting replaced by its flag: <c>Setting = Value</c> becomes
    /// <c>--flag value</c> (values are enum names and provider lists, which the flags take in lower case), a bare
    /// <c>Setting</c> becomes the flag with its usage.
    /// </summary>
    public static string Rephrase(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Entries.Any(e => message.Contains(e.Setting, StringComparison.Ordinal)))
        {
            return message;
        }

        return Mention.Replace(message, match =>
        {
            var entry = BySetting[match.Groups["setting"].Value];
            return match.Groups["value"].Success
                ? $"{entry.Flag} {match.Groups["value"].Value.ToLowerInvariant()}"
                : entry.Usage is null ? entry.Flag : $"{entry.Flag} {entry.Usage}";
        });
    }

    private static Regex BuildMention() => new(
        $@"(?<setting>{string.Join("|", Entries.Select(e => e.Setting).OrderByDescending(s => s.Length).Select(Regex.Escape))})\b(?: = (?<value>[A-Za-z0-9_:,-]+))?",
        RegexOptions.CultureInvariant);
}
