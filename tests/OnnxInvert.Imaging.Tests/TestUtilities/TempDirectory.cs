namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>A fresh folder under the system temp directory, deleted with its contents on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxinvert-imaging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string WriteFile(string name, ReadOnlySpan<byte> bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
