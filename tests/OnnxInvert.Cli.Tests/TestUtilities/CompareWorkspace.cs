using System.Text.Json;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// An <see cref="InvertWorkspace"/> (tiny 2×2 generator and target PNGs) with copies of the generator in folders of
/// their own, each with a model card stating its prior, and a helper to run <c>compare</c> on them.
/// </summary>
internal sealed class CompareWorkspace : IDisposable
{
    /// <summary>A model card's uniform prior on [-1, 1].</summary>
    public const string Uniform = """{"kind": "uniform", "low": -1, "high": 1}""";

    /// <summary>A model card's standard normal prior.</summary>
    public const string Normal = """{"kind": "normal", "mean": 0, "std": 1}""";

    private readonly InvertWorkspace _work = new(images: 3);

    /// <summary>The target PNGs.</summary>
    public string Images => _work.Images;

    /// <summary>A copy of the tiny generator in folder <paramref name="name"/> whose model card states <paramref name="prior"/> (e.g. <c>{"kind": "uniform", "low": -1, "high": 1}</c>).</summary>
    public string Model(string name, string prior)
    {
        string folder = Directory.CreateDirectory(_work.File(name)).FullName;
        string model = Path.Combine(folder, "generator.onnx");
        System.IO.File.Copy(_work.Model, model);
        System.IO.File.WriteAllText(Path.Combine(folder, "model-card.json"), $$"""{"name": "{{name}}", "prior": {{prior}}}""");
        return model;
    }

    /// <summary>A file that is not an ONNX model.</summary>
    public string BrokenModel()
    {
        string path = _work.File("broken.onnx");
        System.IO.File.WriteAllText(path, "not an onnx model");
        return path;
    }

    public string File(string name) => _work.File(name);

    /// <summary>Runs <c>compare --models ... --images IMAGES</c> with <paramref name="extra"/> after quick defaults (later flags win).</summary>
    /// <summary>Runs compare with quick defaults for --steps and --batch unless <paramref name="extra"/> gives them (a flag may be given once).</summary>
    public CliResult Compare(string[] models, params string[] extra) =>
        CliRunner.Run(["compare", "--models", .. models, "--images", Images, .. Default(extra, "--steps", "20"), .. Default(extra, "--batch", "2"), .. extra]);

    private static string[] Default(string[] extra, string flag, string value) => extra.Contains(flag) ? [] : [flag, value];

    public static JsonElement Json(string outFolder) =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(outFolder, "compare.json"))).RootElement;

    public void Dispose() => _work.Dispose();
}
