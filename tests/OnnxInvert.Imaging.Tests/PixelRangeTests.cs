namespace OnnxInvert.Imaging.Tests;

public sealed class PixelRangeTests
{
    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(2f, -1f)]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, float.PositiveInfinity)]
    public void Constructor_NotFiniteLowBelowHigh_ThrowsNamingBounds(float low, float high)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PixelRange(low, high));
        Assert.Contains("LOW < HIGH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsNotValid_AndSpecRefusesIt()
    {
        Assert.False(default(PixelRange).IsValid);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageTensorSpec(1, 1, 1, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelMapping.ToModel(0, default));
    }

    [Fact]
    public void NamedRanges_HaveTheirBounds_AndPrintAsInterval()
    {
        Assert.Equal(new PixelRange(0, 1), PixelRange.ZeroToOne);
        Assert.Equal(2f, PixelRange.MinusOneToOne.Width);
        Assert.Equal("[-1, 1]", PixelRange.MinusOneToOne.ToString());
        var (low, high) = new PixelRange(-0.5f, 2.5f);
        Assert.Equal((-0.5f, 2.5f), (low, high));
    }

    [Fact]
    public void Mapping_AnyRange_IsLinearAndRoundTrips()
    {
        var range = new PixelRange(-2, 6);
        Assert.Equal(-2f, PixelMapping.ToModel(0, range));
        Assert.Equal(6f, PixelMapping.ToModel(255, range), 5);
        for (int v = 0; v < 256; v++)
        {
            Assert.Equal((byte)v, PixelMapping.ToPixel(PixelMapping.ToModel((byte)v, range), range));
        }
    }
}
