namespace OnnxInvert.Imaging.Tests;

public sealed class PixelMappingTests
{
    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-1f, 1f)]
    public void ToModelThenToPixel_All256Values_RoundTripExactly(float low, float high)
    {
        var range = new PixelRange(low, high);
        for (int v = 0; v < 256; v++)
        {
            Assert.Equal((byte)v, PixelMapping.ToPixel(PixelMapping.ToModel((byte)v, range), range));
        }
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-1f, 1f)]
    public void SpanMapping_All256Values_RoundTripsAndMatchesScalar(float low, float high)
    {
        var range = new PixelRange(low, high);
        byte[] pixels = Enumerable.Range(0, 256).Select(v => (byte)v).ToArray();
        var model = new float[256];
        var back = new byte[256];

        PixelMapping.ToModel(pixels, model, range);
        PixelMapping.ToPixels(model, back, range);

        Assert.Equal(pixels, back);
        for (int v = 0; v < 256; v++)
        {
            Assert.Equal(PixelMapping.ToModel((byte)v, range), model[v]);
        }
    }

    [Theory]
    [InlineData(0f, 1f, 0f, 1f)]
    [InlineData(-1f, 1f, -1f, 1f)]
    public void ToModel_Endpoints_AreRangeBounds(float low, float high, float min, float max)
    {
        var range = new PixelRange(low, high);
        Assert.Equal(min, PixelMapping.ToModel(0, range));
        Assert.Equal(max, PixelMapping.ToModel(255, range), 6);
        Assert.Equal(min, PixelMapping.Min(range));
        Assert.Equal(max, PixelMapping.Max(range));
    }

    [Fact]
    public void ToModel_MinusOneToOne_IsLinear()
    {
        Assert.Equal((100 / 127.5f) - 1f, PixelMapping.ToModel(100, PixelRange.MinusOneToOne), 6);
        Assert.Equal(100 / 255f, PixelMapping.ToModel(100, PixelRange.ZeroToOne), 6);
    }

    [Theory]
    [InlineData(0f, 1f, -0.5f, 0)]
    [InlineData(0f, 1f, 1.7f, 255)]
    [InlineData(-1f, 1f, -3f, 0)]
    [InlineData(-1f, 1f, 2f, 255)]
    [InlineData(0f, 1f, float.PositiveInfinity, 255)]
    [InlineData(0f, 1f, float.NegativeInfinity, 0)]
    [InlineData(0f, 1f, float.NaN, 0)]
    [InlineData(-1f, 1f, float.NaN, 0)]
    public void ToPixel_OutOfRangeOrNaN_Clamps(float low, float high, float value, byte expected)
    {
        var range = new PixelRange(low, high);
        Assert.Equal(expected, PixelMapping.ToPixel(value, range));
    }

    [Theory]
    [InlineData(10.4f, 10)]
    [InlineData(10.6f, 11)]
    [InlineData(254.4f, 254)]
    [InlineData(254.6f, 255)]
    [InlineData(0.4f, 0)]
    public void ToPixel_BetweenLevels_RoundsToNearest(float pixelValue, byte expected)
    {
        Assert.Equal(expected, PixelMapping.ToPixel(pixelValue / 255f, PixelRange.ZeroToOne));
        Assert.Equal(expected, PixelMapping.ToPixel((pixelValue / 127.5f) - 1f, PixelRange.MinusOneToOne));
    }

    [Fact]
    public void ToPixels_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => PixelMapping.ToPixels(new float[3], new byte[2], PixelRange.ZeroToOne));
    }
}
