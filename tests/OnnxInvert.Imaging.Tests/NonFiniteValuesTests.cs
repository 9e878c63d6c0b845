namespace OnnxInvert.Imaging.Tests;

public sealed class NonFiniteValuesTests
{
    [Fact]
    public void IndexOfFirst_AllFinite_ReturnsMinusOne()
    {
        Assert.Equal(-1, NonFiniteValues.IndexOfFirst([0f, -1f, float.MaxValue, float.MinValue, float.Epsilon]));
        Assert.Equal(-1, NonFiniteValues.IndexOfFirst([]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void IndexOfFirst_FindsTheFirstBadValue(float bad)
    {
        float[] data = new float[40];
        data[17] = bad;
        data[30] = float.NaN;

        Assert.Equal(17, NonFiniteValues.IndexOfFirst(data));
    }

    [Fact]
    public void ThrowIfAny_ImageBatch_NamesFileFlatIndexAndImageChannelYX()
    {
        // shape (2, 3, 4, 5): flat index of (1, 2, 3, 4) is 1*60 + 2*20 + 3*5 + 4 = 119.
        float[] data = new float[120];
        data[119] = float.NaN;
        data[0] = 1f;

        var ex = Assert.Throws<NonFiniteDataException>(() => NonFiniteValues.ThrowIfAny(data, [2, 3, 4, 5], "targets.npy"));

        Assert.Equal("targets.npy", ex.FilePath);
        Assert.Equal(119, ex.FlatIndex);
        Assert.Equal([1, 2, 3, 4], ex.Index);
        Assert.True(float.IsNaN(ex.Value));
        Assert.Equal(0, ex.MoreCount);
        Assert.Equal("targets.npy: the values must be finite, but the one at flat index 119 (image 1, channel 2, y 3, x 4) is NaN", ex.Message);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void ThrowIfAny_CountsTheBadValuesAfterTheFirst()
    {
        float[] data = [1f, float.NegativeInfinity, 2f, float.NaN, float.PositiveInfinity];

        var ex = Assert.Throws<NonFiniteDataException>(() => NonFiniteValues.ThrowIfAny(data, [5], "z.npy"));

        Assert.Equal(1, ex.FlatIndex);
        Assert.Equal(2, ex.MoreCount);
        Assert.Equal("z.npy: the values must be finite, but the one at flat index 1 (index [1]) is -Inf and 2 more non-finite values after it", ex.Message);
    }

    [Fact]
    public void ThrowIfAny_AxisNames_LabelThePosition()
    {
        float[] data = new float[6];
        data[5] = float.PositiveInfinity;

        var ex = Assert.Throws<NonFiniteDataException>(() => NonFiniteValues.ThrowIfAny(data, [2, 3], "mask.npy", ["y", "x"]));

        Assert.Contains("(y 1, x 2) is +Inf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfAny_AllFinite_DoesNotThrow()
    {
        NonFiniteValues.ThrowIfAny([1f, 2f, 3f, 4f], [1, 1, 2, 2], "ok.npy");
    }

    [Fact]
    public void ThrowIfAny_ShapeNotMatchingData_IsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => NonFiniteValues.ThrowIfAny([1f, 2f, 3f], [2, 2], "x"));
        Assert.Throws<ArgumentException>(() => NonFiniteValues.ThrowIfAny([1f], [1], "x", ["a", "b"]));
    }
}
