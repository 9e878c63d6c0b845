namespace OnnxInvert.Runtime.Tests;

public sealed class OrtValueTests
{
    [Fact]
    public void CreateTensor_ReportsElementTypeShapeAndCount()
    {
        using OrtValue value = OrtValue.CreateTensor<double>(new double[6], [2, 3]);

        Assert.Equal(TensorElementType.Double, value.ElementType);
        Assert.Equal([2L, 3L], value.Shape.ToArray());
        Assert.Equal(6, value.ElementCount);
        Assert.Equal("Double [2,3]", value.ToString());
    }

    [Fact]
    public void CreateTensor_DataLengthDiffersFromShape_ThrowsNamingBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor<float>(new float[5], [2, 3]));

        Assert.Contains("[2,3] has 6 elements but the data has 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal("data", ex.ParamName);
    }

    [Fact]
    public void CreateTensor_NegativeDimension_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor<float>(new float[3], [-1, 3]));

        Assert.Contains("dimension -1 at axis 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTensor_TypeWithoutElementType_ThrowsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => OrtValue.CreateTensor<char>(new char[1], [1]));
    }

    [Fact]
    public void CreateTensor_Scalar_HasOneElementAndNoDimensions()
    {
        using OrtValue value = OrtValue.CreateTensor<long>(new long[] { 42 }, []);

        Assert.Equal(0, value.Shape.Length);
        Assert.Equal(1, value.ElementCount);
        Assert.Equal(42, value.GetTensorData<long>()[0]);
    }

    [Fact]
    public void CreateTensor_NoElements_IsAnEmptyTensor()
    {
        using OrtValue value = OrtValue.CreateTensor<float>(Array.Empty<float>(), [0, 3]);

        Assert.Equal(0, value.ElementCount);
        Assert.True(value.GetTensorData<float>().IsEmpty);
    }

    [Fact]
    public void GetTensorData_SharesMemoryWithTheManagedArray()
    {
        int[] data = [1, 2, 3, 4];
        using OrtValue value = OrtValue.CreateTensor<int>(data, [4]);

        value.GetTensorData<int>()[2] = 30;
        data[0] = 10;

        Assert.Equal([10, 2, 30, 4], value.GetTensorData<int>().ToArray());
        Assert.Equal(30, data[2]);
    }

    [Fact]
    public void GetTensorData_WrongElementType_ThrowsNamingBothTypes()
    {
        using OrtValue value = OrtValue.CreateTensor<float>(new float[2], [2]);

        var ex = Assert.Throws<InvalidOperationException>(() => value.GetTensorData<double>());

        Assert.Contains("Float", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Double", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoolTensor_ReadsAsBoolAndAsBytes()
    {
        using OrtValue value = OrtValue.CreateTensor<bool>(new[] { true, false, true }, [3]);

        Assert.Equal(TensorElementType.Bool, value.ElementType);
        Assert.Equal([true, false, true], value.GetTensorData<bool>().ToArray());
        Assert.Equal([1, 0, 1], value.GetTensorData<byte>().ToArray());
    }

    [Fact]
    public void Allocate_IsZeroFilledWithTheRequestedShape()
    {
        using OrtValue value = OrtValue.Allocate<float>([4, 5]);

        Assert.Equal([4L, 5L], value.Shape.ToArray());
        Assert.Equal(TensorElementType.Float, value.ElementType);
        Assert.All(value.GetTensorData<float>().ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Disposed_AnyUse_ThrowsObjectDisposed()
    {
        OrtValue value = OrtValue.CreateTensor<float>(new float[2], [2]);
        value.Dispose();
        value.Dispose();

        Assert.True(value.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => value.GetTensorData<float>());
        Assert.Throws<ObjectDisposedException>(() => value.ElementType);
        Assert.Throws<ObjectDisposedException>(() => value.Shape.Length);
        Assert.Throws<ObjectDisposedException>(() => value.Handle);
    }
}
