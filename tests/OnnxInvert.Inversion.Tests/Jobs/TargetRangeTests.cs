using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class TargetRangeTests
{
    private static readonly TargetFormat MinusOneToOne = new([1, 1, 2], PixelRange.MinusOneToOne);

    [Fact]
    public void Apply_AcceptsValuesWithinOneWidthOfTheRange_AsAnUnboundedOutputProduces()
    {
        // what the StyleGAN2-like corpus model (no output activation) generates itself: -2.08 and 2.47
        float[] data = [-2.08f, 2.47f];

        TargetRange.Apply(data, [1, 1, 1, 2], "own.npy", MinusOneToOne);

        Assert.Equal([-2.08f, 2.47f], data);
    }

    [Theory]
    [InlineData(3.5f)]
    [InlineData(255f)]
    [InlineData(-3.01f)]
    public void Apply_RefusesValuesMoreThanOneWidthOutside_NamingFileIndexAndImage(float value)
    {
        float[] data = [0f, 0.5f, 0f, value];

        var ex = Assert.Throws<TargetRangeException>(() => TargetRange.Apply(data, [2, 1, 1, 2], "bytes.npy", MinusOneToOne));

        Assert.Contains("bytes.npy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 3 (image 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MapsTheDeclaredRangeFirst_SoEightBitPixelsAreAccepted()
    {
        float[] data = [0f, 255f];

        TargetRange.Apply(data, [1, 1, 1, 2], "bytes.npy", MinusOneToOne with { ArrayRange = new PixelRange(0f, 255f) });

        Assert.Equal(-1f, data[0], 1e-6f);
        Assert.Equal(1f, data[1], 1e-6f);
    }
}
