using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>--resize</c> drops an alpha channel (no compositing); the user is told, and warned when alpha is all there is.</summary>
public sealed class InvertAlphaTests : IDisposable
{
    // 2×2 RGBA: constant gray colour, alpha 0/1 in a checkerboard, so all the content is in alpha.
    private static readonly float[] OnlyAlpha = [0.5f, 0.5f, 0.5f, 0f, 0.5f, 0.5f, 0.5f, 1f, 0.5f, 0.5f, 0.5f, 1f, 0.5f, 0.5f, 0.5f, 0f];

    // 2×2 RGBA with varying colour and opaque alpha.
    private static readonly float[] Opaque = [0.1f, 0.2f, 0.3f, 1f, 0.9f, 0.8f, 0.7f, 1f, 0.4f, 0.5f, 0.6f, 1f, 0.0f, 1f, 0.5f, 1f];

    private readonly InvertWorkspace _work = new(images: 1);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void OneRgbaFileWithContentOnlyInAlpha_SaysAlphaIsDroppedAndTheTargetIsBlank()
    {
        string path = _work.File("shape.png");
        InvertWorkspace.WritePng(path, OnlyAlpha, channels: 4);

        var result = _work.InvertFrom(path, "one", "--resize");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains(result.ErrorLines, l => l.Contains("shape.png", StringComparison.Ordinal) && l.Contains("alpha channel is dropped", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("warning", StringComparison.Ordinal) && l.Contains("shape.png", StringComparison.Ordinal) && l.Contains("blank", StringComparison.Ordinal));
    }

    [Fact]
    public void FolderOfRgbaFiles_OneNoticeWithTheCount_BlankWarningOnlyForTheAlphaOnlyOne()
    {
        string folder = Directory.CreateDirectory(_work.File("rgba")).FullName;
        InvertWorkspace.WritePng(Path.Combine(folder, "a-opaque.png"), Opaque, channels: 4);
        InvertWorkspace.WritePng(Path.Combine(folder, "b-shape.png"), OnlyAlpha, channels: 4);
        InvertWorkspace.WritePng(Path.Combine(folder, "c-opaque.png"), Opaque, channels: 4);

        var result = _work.InvertFrom(folder, "folder", "--resize");

        Assert.True(result.ExitCode == 0, result.Errors);
        string dropped = Assert.Single(result.ErrorLines, l => l.Contains("alpha channel", StringComparison.Ordinal) && !l.Contains("warning", StringComparison.Ordinal));
        Assert.Contains("3 images", dropped, StringComparison.Ordinal);
        string blank = Assert.Single(result.ErrorLines, l => l.Contains("blank", StringComparison.Ordinal));
        Assert.Contains("b-shape.png", blank, StringComparison.Ordinal);
        Assert.DoesNotContain("opaque", blank, StringComparison.Ordinal);
    }

    [Fact]
    public void GrayImagesWithResize_SayNothingAboutAlpha()
    {
        var result = _work.Invert("gray", "--resize");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.DoesNotContain(result.ErrorLines, l => l.Contains("alpha channel", StringComparison.Ordinal) || l.Contains("blank", StringComparison.Ordinal));
    }
}
