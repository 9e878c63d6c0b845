using System.Text.Json;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// The export corpus (onnx-models/corpus/&lt;case&gt;/) for CLI tests: case ids ("case" or "case:cut point") and the
/// flags each one's case.json says a user must give, files made absolute.
/// </summary>
internal static class CorpusCases
{
    /// <summary>The corpus folder.</summary>
    public static readonly string Root = Path.Combine(RepoPaths.Root, "onnx-models", "corpus");

    /// <summary>The flags that say how to read a model (ModelFlags), which every verb that opens a generator takes.</summary>
    private static readonly string[] ModelFlagNames = ["--latent", "--output", "--input", "--layout", "--image-shape", "--latent-shape"];

    /// <summary>Every case, then every case's cut points as "case:cut".</summary>
    public static IEnumerable<string> Ids()
    {
        foreach (string folder in Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "case.json"))).Order(StringComparer.Ordinal))
        {
            yield return Path.GetFileName(folder);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
            foreach (var cut in json.RootElement.GetProperty("cut_points").EnumerateObject())
            {
                yield return $"{Path.GetFileName(folder)}:{cut.Name}";
            }
        }
    }

    /// <summary>The case folder of <paramref name="id"/>.</summary>
    public static string Folder(string id) => Path.Combine(Root, id.Split(':')[0]);

    /// <summary>The model file of <paramref name="id"/>.</summary>
    public static string Model(string id) => Path.Combine(Folder(id), "model.onnx");

    /// <summary>The case's (or cut point's) <c>cli_flags</c>, a file a flag names made relative to the case folder.</summary>
    public static string[] Flags(string id)
    {
        string[] parts = id.Split(':');
        string folder = Folder(id);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var source = parts.Length == 1 ? json.RootElement : json.RootElement.GetProperty("cut_points").GetProperty(parts[1]);
        return [.. source.GetProperty("cli_flags").EnumerateArray().Select(f => f.GetString()!)
            .Select(f => f.EndsWith(".npy", StringComparison.Ordinal) && f.Contains('=', StringComparison.Ordinal) ? f[..(f.IndexOf('=', StringComparison.Ordinal) + 1)] + Path.Combine(folder, f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..]) : f)];
    }

    /// <summary>Only the model flags of <see cref="Flags"/> (with their values): what grad, check-grad and info take.</summary>
    public static string[] ModelFlags(string id)
    {
        string[] flags = Flags(id);
        var kept = new List<string>();
        for (int i = 0; i < flags.Length; i++)
        {
            if (ModelFlagNames.Contains(flags[i]) && i + 1 < flags.Length)
            {
                kept.Add(flags[i]);
                kept.Add(flags[++i]);
            }
        }

        return [.. kept];
    }

    /// <summary>The latents the flags name (empty: the model's own choice).</summary>
    public static string[] NamedLatents(string id) =>
        [.. ModelFlags(id).SkipWhile(f => f != "--latent").Skip(1).Take(1).SelectMany(f => f.Split(','))];
}
