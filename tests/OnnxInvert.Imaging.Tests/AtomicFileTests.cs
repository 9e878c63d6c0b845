namespace OnnxInvert.Imaging.Tests;

/// <summary>The one atomic writer: a file is replaced whole or not at all, and no temporary is left behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnxinvert-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteText_ReplacesTheFile_AndAFailedWriteKeepsTheOldOne()
    {
        string path = Path.Combine(_dir, "a.txt");
        AtomicFile.WriteText(path, "first");
        AtomicFile.WriteText(path, "second");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("boom")));

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["a.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(".latents.npy.1234.tmp", true)]
    [InlineData(".a.0123456789abcdef.tmp", true)]
    [InlineData("latents.npy", false)]
    [InlineData("notes.tmp", false)]
    [InlineData(".tmp", false)]
    public void IsTemporary_KnowsItsOwnTemporaryNames(string name, bool temporary) =>
        Assert.Equal(temporary, AtomicFile.IsTemporary(name));
}
