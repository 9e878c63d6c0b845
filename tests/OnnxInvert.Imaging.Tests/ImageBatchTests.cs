using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests;

public sealed class ImageBatchTests
{
    [Fact]
    public void FromImages_PacksNchwInTheModelRange()
    {
        // 2x1 RGB: pixel 0 = (0, 255, 51), pixel 1 = (102, 153, 204).
        var image = new DecodedImage("x.png", 2, 1, 3, [0, 255, 51, 102, 153, 204]);
        var spec = new ImageTensorSpec(3, 1, 2, PixelRange.ZeroToOne);

        ImageBatch batch = ImageBatch.FromImages([image, image], spec);

        Assert.Equal([2, 3, 1, 2], batch.Shape);
        Assert.Equal(["x.png", "x.png"], batch.Names);
        float[] expected = [0f, 0.4f, 1f, 0.6f, 0.2f, 0.8f];
        Assert.Equal(expected, batch.GetImage(1).ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void FromImages_MinusOneToOne_MapsEndpoints()
    {
        var image = new DecodedImage("x", 2, 1, 1, [0, 255]);

        ImageBatch batch = ImageBatch.FromImages([image], new ImageTensorSpec(1, 1, 2, PixelRange.MinusOneToOne));

        Assert.Equal(-1f, batch.Data.Span[0]);
        Assert.Equal(1f, batch.Data.Span[1], 6);
    }

    [Fact]
    public void FromImages_SizeMismatch_ThrowsNamingFileItsSizeAndExpectedSize()
    {
        var image = new DecodedImage("targets/cat.png", 30, 20, 3, new byte[30 * 20 * 3]);
        var spec = new ImageTensorSpec(3, 28, 28, PixelRange.MinusOneToOne);

        var ex = Assert.Throws<ImageFormatException>(() => ImageBatch.FromImages([image], spec));

        Assert.Equal(ImageErrorKind.SizeMismatch, ex.Kind);
        Assert.Equal("targets/cat.png", ex.FilePath);
        Assert.Contains("30x20", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 28x28", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromImages_ChannelMismatchWithoutPermission_Throws()
    {
        DecodedImage rgb = TestImages.Pattern(4, 4, 3, "rgb.png");
        var spec = new ImageTensorSpec(1, 4, 4, PixelRange.ZeroToOne);

        var ex = Assert.Throws<ImageFormatException>(() => ImageBatch.FromImages([rgb], spec));

        Assert.Equal(ImageErrorKind.ChannelMismatch, ex.Kind);
        Assert.Contains("rgb.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromImages_ChannelMismatchWithPermission_Converts()
    {
        var gray = new DecodedImage("g", 1, 1, 1, [255]);
        var spec = new ImageTensorSpec(3, 1, 1, PixelRange.ZeroToOne) { AllowedConversions = ChannelConversion.GrayToRgb };

        ImageBatch batch = ImageBatch.FromImages([gray], spec);

        Assert.Equal([1f, 1f, 1f], batch.Data.ToArray());
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-1f, 1f)]
    public void ToImage_AfterFromImages_ReturnsOriginalPixels(float low, float high)
    {
        var range = new PixelRange(low, high);
        DecodedImage original = TestImages.Pattern(7, 5, 3, "p.png");

        ImageBatch batch = ImageBatch.FromImages([original], new ImageTensorSpec(3, 5, 7, range));
        DecodedImage back = batch.ToImage(0);

        Assert.Equal(original.Pixels.ToArray(), back.Pixels.ToArray());
        Assert.Equal("p.png", back.Name);
    }

    [Fact]
    public void ToImage_GeneratorOutputOutOfRange_Clamps()
    {
        var batch = new ImageBatch([-2f, 0f, 0.5f, 3f], 1, 1, 2, 2, PixelRange.MinusOneToOne);

        DecodedImage image = batch.ToImage(0);

        Assert.Equal([0, 128, 191, 255], image.Pixels.ToArray());
        Assert.Equal("image0", image.Name);
    }

    [Fact]
    public void Constructor_WrongDataLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageBatch(new float[11], 1, 3, 2, 2, PixelRange.ZeroToOne));

        Assert.Contains("12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_ReportsBadAndMismatchedFilesAndBatchesTheRest()
    {
        using var temp = new TempFolder();
        PngFile.Write(temp.File("1.png"), TestImages.Pattern(8, 8, 3, seed: 1));
        PngFile.Write(temp.File("2.png"), TestImages.Pattern(9, 8, 3, seed: 2));
        temp.WriteFile("3.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        PngFile.Write(temp.File("4.png"), TestImages.Pattern(8, 8, 1, seed: 4));
        PngFile.Write(temp.File("5.png"), TestImages.Pattern(8, 8, 3, seed: 5));
        var spec = new ImageTensorSpec(3, 8, 8, PixelRange.MinusOneToOne);

        ImageBatchLoadResult result = ImageBatch.LoadFolder(temp.Path, spec);

        Assert.Equal(["1.png", "5.png"], result.Batch.Names.Select(Path.GetFileName));
        Assert.Equal(2, result.Batch.Count);
        Assert.Equal(["2.png", "3.png", "4.png"], result.Errors.Select(e => Path.GetFileName(e.FilePath)));
        Assert.Equal([ImageErrorKind.SizeMismatch, ImageErrorKind.Corrupt, ImageErrorKind.ChannelMismatch], result.Errors.Select(e => e.Kind));
        Assert.Equal(TestImages.Pattern(8, 8, 3, seed: 5).Pixels.ToArray(), result.Batch.ToImage(1).Pixels.ToArray());
    }
}
