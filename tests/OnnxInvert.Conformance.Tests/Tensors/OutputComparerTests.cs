using OnnxInvert.BackendRoundTrip.Tensors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Conformance.Tests.Tensors;

public sealed class OutputComparerTests
{
    [Theory]
    [InlineData(1.0f, 1.0009f)]
    [InlineData(0f, 5e-8f)]
    [InlineData(float.NaN, float.NaN)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    public void Mismatch_WithinBackendTolerance_IsNull(float expected, float actual) =>
        Assert.Null(OutputComparer.Mismatch("y", Floats(expected), Floats(actual)));

    [Theory]
    [InlineData(1.0f, 1.0011f)]
    [InlineData(0f, 1e-6f)]
    [InlineData(float.NaN, 0f)]
    [InlineData(float.PositiveInfinity, float.NegativeInfinity)]
    [InlineData(float.PositiveInfinity, float.MaxValue)]
    public void Mismatch_OutsideBackendTolerance_NamesOutputAndIndex(float expected, float actual)
    {
        string? mismatch = OutputComparer.Mismatch("y", Floats(0, expected), Floats(0, actual));

        Assert.NotNull(mismatch);
        Assert.Contains("'y'", mismatch);
        Assert.Contains("index 1", mismatch);
    }

    [Fact]
    public void Mismatch_IntegersOffByOne_IsReported() =>
        Assert.NotNull(OutputComparer.Mismatch("i", Int64s(1_000_000), Int64s(1_000_001)));

    [Fact]
    public void Mismatch_SameValuesOtherShape_IsReported()
    {
        var expected = new HostTensor<float>(TensorElementType.Float, [2, 1], [1, 2]);
        var actual = new HostTensor<float>(TensorElementType.Float, [1, 2], [1, 2]);

        Assert.Contains("shape", OutputComparer.Mismatch("y", expected, actual));
    }

    [Fact]
    public void Mismatch_SameValuesOtherElementType_IsReported()
    {
        var expected = new HostTensor<long>(TensorElementType.Int64, [1], [1]);
        var actual = new HostTensor<int>(TensorElementType.Int32, [1], [1]);

        Assert.Contains("Int32", OutputComparer.Mismatch("y", expected, actual));
    }

    private static HostTensor<float> Floats(params float[] values) => new(TensorElementType.Float, [values.Length], values);

    private static HostTensor<long> Int64s(params long[] values) => new(TensorElementType.Int64, [values.Length], values);
}
