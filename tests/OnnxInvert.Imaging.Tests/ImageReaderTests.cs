using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests;

public sealed class ImageReaderTests
{
    [Fact]
    public void Read_PngNamedJpg_DetectsFormatFromContent()
    {
        using var temp = new TempFolder();
        DecodedImage original = TestImages.Pattern(6, 5, 3);
        string path = temp.WriteFile("mislabelled.jpg", PngFile.Encode(original));

        DecodedImage read = new ImageReader().Read(path);

        Assert.Equal(original.Pixels.ToArray(), read.Pixels.ToArray());
    }

    [Fact]
    public void Read_JpegNamedPng_DetectsFormatFromContent()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("mislabelled.png", TurboJpegTestEncoder.Encode(TestImages.Smooth(16, 16, 3)));

        DecodedImage read = new ImageReader().Read(path);

        Assert.Equal((16, 16, 3), (read.Width, read.Height, read.Channels));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, ImageFileFormat.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ImageFileFormat.Jpeg)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38 }, ImageFileFormat.Unknown)]
    [InlineData(new byte[] { 0x89, 0x50 }, ImageFileFormat.Unknown)]
    [InlineData(new byte[0], ImageFileFormat.Unknown)]
    public void DetectFormat_UsesMagicBytes(byte[] header, ImageFileFormat expected)
    {
        Assert.Equal(expected, ImageReader.DetectFormat(header));
    }

    [Fact]
    public void Read_GifFile_ThrowsUnknownFormatNamingFileAndFormat()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("anim.png", "GIF89a\u0001\u0000\u0001\u0000"u8);

        var ex = Assert.Throws<ImageFormatException>(() => new ImageReader().Read(path));

        Assert.Equal(ImageErrorKind.UnknownFormat, ex.Kind);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("GIF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextFile_ThrowsUnknownFormatWithLeadingBytes()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("notes.jpg", "hello"u8);

        var ex = Assert.Throws<ImageFormatException>(() => new ImageReader().Read(path));

        Assert.Equal(ImageErrorKind.UnknownFormat, ex.Kind);
        Assert.Contains("68 65 6C 6C 6F", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_ThrowsEmpty()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("empty.jpg", []);

        var ex = Assert.Throws<ImageFormatException>(() => new ImageReader().Read(path));

        Assert.Equal(ImageErrorKind.Empty, ex.Kind);
    }

    [Fact]
    public void Read_OversizedFile_ThrowsFileTooLargeWithoutDecoding()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("big.png", new byte[2048]);
        var reader = new ImageReader(new ImageReaderOptions { MaxFileBytes = 1024 });

        var ex = Assert.Throws<ImageFormatException>(() => reader.Read(path));

        Assert.Equal(ImageErrorKind.FileTooLarge, ex.Kind);
        Assert.Contains("2,048 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1,024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyPixels_Throws()
    {
        using var temp = new TempFolder();
        string path = temp.File("wide.png");
        PngFile.Write(path, TestImages.Pattern(100, 20, 1));
        var reader = new ImageReader(new ImageReaderOptions { MaxPixels = 1999 });

        var ex = Assert.Throws<ImageFormatException>(() => reader.Read(path));

        Assert.Equal(ImageErrorKind.TooManyPixels, ex.Kind);
        Assert.Contains("100x20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("missing.png");

        var ex = Assert.Throws<FileNotFoundException>(() => new ImageReader().Read(path));

        Assert.Contains("missing.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFolder_OneBadFile_ReportsItAndLoadsTheOthersInSortedOrder()
    {
        using var temp = new TempFolder();
        PngFile.Write(temp.File("b.png"), TestImages.Pattern(4, 4, 3, seed: 2));
        temp.WriteFile("c.jpg", TurboJpegTestEncoder.Encode(TestImages.Smooth(4, 4, 3)));
        PngFile.Write(temp.File("a.PNG"), TestImages.Pattern(4, 4, 3, seed: 1));
        byte[] good = PngFile.Encode(TestImages.Pattern(4, 4, 3));
        temp.WriteFile("bad.png", good.AsSpan(0, good.Length / 2));
        temp.WriteFile("readme.txt", "not an image"u8);
        temp.WriteFile("d.jpeg", "not a jpeg either"u8);

        ImageFolderResult result = new ImageReader().ReadFolder(temp.Path);

        Assert.Equal(["a.PNG", "b.png", "c.jpg"], result.Images.Select(i => Path.GetFileName(i.Name)));
        Assert.Equal(["bad.png", "d.jpeg"], result.Errors.Select(e => Path.GetFileName(e.FilePath)));
        Assert.Equal(ImageErrorKind.Corrupt, result.Errors[0].Kind);
        Assert.Equal(ImageErrorKind.UnknownFormat, result.Errors[1].Kind);
        Assert.Contains("bad.png", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListImageFiles_SortsOrdinallyAndFiltersExtensions()
    {
        using var temp = new TempFolder();
        foreach (string name in new[] { "10.png", "2.png", "B.jpg", "a.jpeg", "x.gif", "y.npy" })
        {
            temp.WriteFile(name, [0]);
        }

        IReadOnlyList<string> files = ImageReader.ListImageFiles(temp.Path);

        Assert.Equal(["10.png", "2.png", "B.jpg", "a.jpeg"], files.Select(Path.GetFileName));
    }

    [Fact]
    public void ReadFolder_MissingFolder_Throws()
    {
        using var temp = new TempFolder();

        Assert.Throws<DirectoryNotFoundException>(() => new ImageReader().ReadFolder(temp.File("nope")));
    }
}
