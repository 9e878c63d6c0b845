using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Tests.Tensors;

public sealed class TensorProtoReaderTests
{
    [Fact]
    public void ToFloats_RawAndTypedStorage_ReadTheSameValues()
    {
        var raw = TensorFactory.Float("a", [1.5f, -2, 3], 3);
        var typed = new TensorProto { Name = "b", DataType = (int)DataType.Float, Dims = { 3 }, FloatData = { 1.5f, -2, 3 } };

        Assert.Equal(TensorProtoReader.ToFloats(raw), TensorProtoReader.ToFloats(typed));
    }

    [Fact]
    public void ToInt64s_Int32Tensor_Widens()
    {
        var t = new TensorProto { Name = "i", DataType = (int)DataType.Int32, Dims = { 2 }, Int32Data = { -7, 9 } };

        Assert.Equal([-7L, 9], TensorProtoReader.ToInt64s(t));
    }

    [Fact]
    public void ToFloats_CountDisagreesWithShape_ThrowsNamingTensor()
    {
        var t = new TensorProto { Name = "bad", DataType = (int)DataType.Float, Dims = { 4 }, FloatData = { 1, 2 } };

        var ex = Assert.Throws<InvalidOperationException>(() => TensorProtoReader.ToFloats(t));
        Assert.Contains("'bad'", ex.Message);
    }

    [Fact]
    public void Float_ShapeDisagreesWithValues_Throws() =>
        Assert.Throws<ArgumentException>(() => TensorFactory.Float("x", [1, 2, 3], 2, 2));

    [Fact]
    public void ToDoubles_Scalar_HasOneValue() =>
        Assert.Equal([2.5], TensorProtoReader.ToDoubles(TensorFactory.Scalar("s", DataType.Double, 2.5)));
}
