using System.Text.Json;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// A temp folder with a tiny 2×2 generator (model.onnx), a folder of target PNGs it generated from known latents
/// (images/), and helpers to run <c>invert</c> into out folders and read what it wrote.
/// </summary>
internal sealed class InvertWorkspace : IDisposable
{
    private readonly TempFolder _temp = new();

    public InvertWorkspace(int images = 3, bool sqrt = false)
    {
        Model = TinyModels.Write(_temp.File("model.onnx"), sqrt);
        Images = Directory.CreateDirectory(_temp.File("images")).FullName;
        var random = new Random(1);
        Known = [.. Enumerable.Range(0, images * 4).Select(_ => (float)((random.NextDouble() * 1.2) + (sqrt ? 0.2 : -0.6)))];
        using var generator = Generator.Open(Model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        float[] pixels = generator.Generate(Known, images).Images;
        for (int i = 0; i < images; i++)
        {
            WritePng(Path.Combine(Images, $"img{i}.png"), pixels.AsSpan(i * 4, 4));
        }
    }

    public string Model { get; }

    public string Images { get; }

    /// <summary>The latents the target PNGs were generated from, row per image.</summary>
    public float[] Known { get; }

    public string File(string name) => _temp.File(name);

    /// <summary>Writes a 2×2 gray PNG of values in [0, 1].</summary>
    public static void WritePng(string path, ReadOnlySpan<float> values, int width = 2, int height = 2, int channels = 1)
    {
        var bytes = new byte[width * height * channels];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(Math.Round(values[i % values.Length] * 255), 0, 255);
        }

        PngFile.Write(path, new DecodedImage(path, width, height, channels, bytes));
    }

    /// <summary>Runs <c>invert -m model -i images -o out</c> with <paramref name="extra"/>, quick defaults first (later flags win).</summary>
    public CliResult Invert(string outName, params string[] extra) =>
        InvertFrom(Images, outName, extra);

    public CliResult InvertFrom(string images, string outName, params string[] extra) =>
        CliRunner.Run(["invert", "-m", Model, "-i", images, "-o", File(outName), .. WithDefaults(extra)]);

    /// <summary>Runs invert with a cancellation token and an error writer of the caller's (e.g. one that cancels on a progress line).</summary>
    public int InvertWith(string outName, TextWriter errors, CancellationToken cancellationToken, params string[] extra)
    {
        using var output = new StringWriter();
        return Program.Run(["invert", "-m", Model, "-i", Images, "-o", File(outName), .. WithDefaults(extra)], output, errors, cancellationToken);
    }

    public static JsonElement Summary(string outFolder) =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(outFolder, "summary.json"))).RootElement;

    public static string[][] Csv(string path) =>
        [.. System.IO.File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(','))];

    public static NpyArray Npy(string path) => NpyFile.Read(path);

    public void Dispose() => _temp.Dispose();

    private static string[] WithDefaults(string[] extra)
    {
        var args = new List<string>();
        if (!extra.Contains("--steps"))
        {
            args.AddRange(["--steps", "20"]);
        }

        if (!extra.Contains("--prior"))
        {
            args.AddRange(["--prior", "uniform"]);
        }

        args.AddRange(extra);
        return [.. args];
    }
}
