using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert --images list.txt</c> or <c>list.csv</c>: the images a manifest lists, in its order, by path.</summary>
public sealed class InvertManifestTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void TextManifest_InvertsItsLinesInOrder_RelativeToItsFolder()
    {
        string list = Path.Combine(_work.Images, "..", "list.txt");
        File.WriteAllLines(list, ["# targets", "images/img2.png", string.Empty, "images/img0.png"]);

        var result = _work.InvertFrom(list, "out");

        Assert.True(result.ExitCode == 0, result.Errors);
        var index = InvertWorkspace.Csv(Path.Combine(_work.File("out"), "index.csv"));
        Assert.Equal(3, index.Length);
        Assert.EndsWith("img2.png", index[1][1], StringComparison.Ordinal);
        Assert.EndsWith("img0.png", index[2][1], StringComparison.Ordinal);
    }

    [Fact]
    public void CsvManifest_WithPathColumn_IsRead()
    {
        string list = _work.File("list.csv");
        File.WriteAllLines(list, ["path", Path.Combine(_work.Images, "img1.png")]);

        var result = _work.InvertFrom(list, "out");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal(2, InvertWorkspace.Csv(Path.Combine(_work.File("out"), "index.csv")).Length);
    }

    [Fact]
    public void CsvManifest_GivesEachImageItsConditionRow_WithoutAValueOnTheCommandLine()
    {
        string model = Path.Combine(RepoPaths.Root, "onnx-models", "corpus", "label-int64", "model.onnx");
        string folder = Directory.CreateDirectory(_work.File("digits")).FullName;
        var lines = new List<string> { "path,label" };
        for (int i = 0; i < 3; i++)
        {
            InvertWorkspace.WritePng(Path.Combine(folder, $"d{i}.png"), [.. Enumerable.Range(0, 256).Select(p => ((p * 7) + (i * 31)) % 256 / 255f)], 16, 16);
            lines.Add($"d{i}.png,{3 * i}");
        }

        string list = Path.Combine(folder, "list.csv");
        File.WriteAllLines(list, lines);

        var result = CliRunner.Run(["invert", "-m", model, "--latent", "z", "-i", list, "-o", _work.File("out"), "--steps", "3", "--batch", "2", "--seed", "1"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal(4, InvertWorkspace.Csv(Path.Combine(_work.File("out"), "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("file\nimages/img0.png", "'path' column")]
    [InlineData("path,label\nimages/img0.png,3", "label")]
    [InlineData("path\nimages/missing.png", "list.csv:2")]
    public void BadCsvManifest_IsNamed(string text, string expected)
    {
        string list = _work.File("list.csv");
        File.WriteAllText(list, text);

        var result = _work.InvertFrom(list, "out");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains(expected, result.Errors, StringComparison.Ordinal);
    }
}
