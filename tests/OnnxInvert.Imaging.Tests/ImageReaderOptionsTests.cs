namespace OnnxInvert.Imaging.Tests;

public sealed class ImageReaderOptionsTests
{
    [Fact]
    public void Defaults_Are64MiBAnd64Megapixels()
    {
        var options = new ImageReaderOptions();

        Assert.Equal(64L * 1024 * 1024, options.MaxFileBytes);
        Assert.Equal(64L * 1024 * 1024, options.MaxPixels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxFileBytes_NotPositive_Throws(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageReaderOptions { MaxFileBytes = value });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ImageReaderOptions.MaxPixelsLimit + 1)]
    public void MaxPixels_OutOfRange_Throws(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageReaderOptions { MaxPixels = value });
    }
}
