using OnnxInvert.Cli.Tests.TestUtilities;

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
