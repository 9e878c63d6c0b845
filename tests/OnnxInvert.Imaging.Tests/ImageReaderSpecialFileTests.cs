using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests;

/// <summary>Paths that are not regular files are refused before they are opened, by every image reader.</summary>
public sealed class ImageReaderSpecialFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Readers => new() { "ImageReader", "PngFile", "JpegFile" };

    [LinuxTheory]
    [MemberData(nameof(Readers))]
    public void Read_CharacterDevice_IsRefusedNamingIt(string reader)
    {
        (Exception? error, long allocated) = BoundedRun.Run(() => Read(reader, SpecialFiles.Zero), Limit, reader);

        var ex = Assert.IsType<ImageFormatException>(error);
        Assert.Equal(ImageErrorKind.NotRegularFile, ex.Kind);
        Assert.Equal(SpecialFiles.Zero + ": not a regular file (it is a character device); images are read from regular files", ex.Message);
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
    }

    [LinuxTheory]
    [MemberData(nameof(Readers))]
    public void Read_NamedPipeWithoutWriter_IsRefusedWithoutBlocking(string reader)
    {
        using var temp = new TempFolder();
        string fifo = SpecialFiles.MakeFifo(temp.File("pipe.png"));

        (Exception? error, _) = BoundedRun.Run(() => Read(reader, fifo), Limit, reader);

        var ex = Assert.IsType<ImageFormatException>(error);
        Assert.Equal(fifo, ex.FilePath);
        Assert.Contains("named pipe", ex.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ReadFolder_NamedPipeAmongImages_IsRecordedAndTheRestRead()
    {
        using var temp = new TempFolder();
        temp.WriteFile("a.png", PngFile.Encode(TestImages.Pattern(4, 4, 1)));
        string fifo = SpecialFiles.MakeFifo(temp.File("b.png"));

        ImageFolderResult result = default!;
        (Exception? error, _) = BoundedRun.Run(() => result = new ImageReader().ReadFolder(temp.Path), Limit, "folder");

        Assert.Null(error);
        Assert.Single(result.Images);
        Assert.Equal(fifo, Assert.Single(result.Errors).FilePath);
    }

    private static DecodedImage Read(string reader, string path) => reader switch
    {
        "PngFile" => PngFile.Read(path),
        "JpegFile" => JpegFile.Read(path),
        _ => new ImageReader().Read(path),
    };
}
