namespace OnnxInvert.Imaging.Tests;

public sealed class DecodedImageTests
{
    [Fact]
    public void Constructor_WrongPixelCount_ThrowsNamingImage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DecodedImage("a.png", 2, 2, 3, new byte[11]));

        Assert.Contains("a.png", ex.Message, StringComparison.Ordinal);
        Assert.Contains("12 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Constructor_BadChannelCount_Throws(int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodedImage("a", 1, 1, channels, new byte[Math.Max(channels, 0)]));
    }

    [Fact]
    public void Indexer_ReadsHwcLayout()
    {
        var image = new DecodedImage("a", 2, 2, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        Assert.Equal(6, image[1, 0, 2]);
        Assert.Equal(7, image[0, 1, 0]);
    }

    [Fact]
    public void ConvertChannels_RgbToGray_UsesBt601Luma()
    {
        var rgb = new DecodedImage("c.png", 5, 1, 3, [255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);

        DecodedImage gray = rgb.ConvertChannels(1, ChannelConversion.RgbToGray);

        // 0.299 R + 0.587 G + 0.114 B, rounded: white 255, red 76.2, green 149.7, blue 29.1, (10,20,30) 18.1.
        Assert.Equal([255, 76, 150, 29, 18], gray.Pixels.ToArray());
        Assert.Equal("c.png", gray.Name);
    }

    [Fact]
    public void ConvertChannels_GrayToRgb_Replicates()
    {
        var gray = new DecodedImage("g", 2, 1, 1, [7, 200]);

        DecodedImage rgb = gray.ConvertChannels(3, ChannelConversion.GrayToRgb);

        Assert.Equal([7, 7, 7, 200, 200, 200], rgb.Pixels.ToArray());
    }

    [Fact]
    public void ConvertChannels_RgbaToRgb_DropsAlphaWithoutCompositing()
    {
        var rgba = new DecodedImage("a", 2, 1, 4, [10, 20, 30, 0, 40, 50, 60, 255]);

        DecodedImage rgb = rgba.ConvertChannels(3, ChannelConversion.DropAlpha);

        Assert.Equal([10, 20, 30, 40, 50, 60], rgb.Pixels.ToArray());
    }

    [Fact]
    public void ConvertChannels_GrayAlphaToRgb_NeedsDropAlphaAndGrayToRgb()
    {
        var ga = new DecodedImage("ga", 1, 1, 2, [9, 128]);

        var ex = Assert.Throws<ImageFormatException>(() => ga.ConvertChannels(3, ChannelConversion.GrayToRgb));
        DecodedImage rgb = ga.ConvertChannels(3, ChannelConversion.All);

        Assert.Contains("DropAlpha", ex.Message, StringComparison.Ordinal);
        Assert.Equal([9, 9, 9], rgb.Pixels.ToArray());
    }

    [Fact]
    public void ConvertChannels_SameCount_ReturnsSameInstance()
    {
        var image = new DecodedImage("a", 1, 1, 3, [1, 2, 3]);

        Assert.Same(image, image.ConvertChannels(3, ChannelConversion.None));
    }

    [Fact]
    public void ConvertChannels_NotAllowed_ThrowsNamingFileSizeAndChannels()
    {
        var rgb = new DecodedImage("faces/0001.png", 64, 48, 3, new byte[64 * 48 * 3]);

        var ex = Assert.Throws<ImageFormatException>(() => rgb.ConvertChannels(1, ChannelConversion.None));

        Assert.Equal(ImageErrorKind.ChannelMismatch, ex.Kind);
        Assert.Equal("faces/0001.png", ex.FilePath);
        Assert.Contains("64x48", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 channels (RGB)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 1 channel (gray)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RgbToGray", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertChannels_ToAlphaFormat_ThrowsChannelMismatch()
    {
        var rgb = new DecodedImage("a", 1, 1, 3, [1, 2, 3]);

        var ex = Assert.Throws<ImageFormatException>(() => rgb.ConvertChannels(4, ChannelConversion.All));

        Assert.Equal(ImageErrorKind.ChannelMismatch, ex.Kind);
    }
}
