using Google.Protobuf;
using OnnxInvert.BackendRoundTrip.Tensors;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Conformance.Tests.Tensors;

public sealed class TensorProtoDecoderTests
{
    [Fact]
    public void Decode_RawFloats_ReadsLittleEndianValues()
    {
        byte[] raw = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)];
        var proto = new TensorProto { DataType = (int)TensorElementType.Float, Dims = { 2 }, RawData = ByteString.CopyFrom(raw) };

        var tensor = Assert.IsType<HostTensor<float>>(TensorProtoDecoder.Decode(proto));

        Assert.Equal([1.5f, -2f], tensor.Values);
        Assert.Equal([2L], tensor.Shape);
    }

    [Fact]
    public void Decode_Float16InInt32Data_ReadsTheBits()
    {
        ushort bits = BitConverter.HalfToUInt16Bits((Half)0.5f);
        var proto = new TensorProto { DataType = (int)TensorElementType.Float16, Dims = { 1 }, Int32Data = { bits } };

        var tensor = Assert.IsType<HostTensor<Half>>(TensorProtoDecoder.Decode(proto));

        Assert.Equal((Half)0.5f, tensor.Values[0]);
    }

    [Fact]
    public void Decode_BoolsInInt32Data_AreBooleans()
    {
        var proto = new TensorProto { DataType = (int)TensorElementType.Bool, Dims = { 3 }, Int32Data = { 1, 0, 1 } };

        var tensor = Assert.IsType<HostTensor<bool>>(TensorProtoDecoder.Decode(proto));

        Assert.Equal([true, false, true], tensor.Values);
    }

    [Fact]
    public void Decode_ScalarWithoutDims_HasOneValue()
    {
        var proto = new TensorProto { DataType = (int)TensorElementType.Int64, Int64Data = { 42 } };

        HostTensor tensor = TensorProtoDecoder.Decode(proto);

        Assert.Empty(tensor.Shape);
        Assert.Equal(42, tensor.ValueAt(0));
    }

    [Fact]
    public void Decode_CountDisagreesWithShape_Throws()
    {
        var proto = new TensorProto { Name = "bad", DataType = (int)TensorElementType.Float, Dims = { 3 }, FloatData = { 1, 2 } };

        var ex = Assert.Throws<InvalidDataException>(() => TensorProtoDecoder.Decode(proto));
        Assert.Contains("'bad'", ex.Message);
    }

    [Theory]
    [InlineData(TensorElementType.BFloat16)]
    [InlineData(TensorElementType.String)]
    [InlineData(TensorElementType.Complex64)]
    public void Decode_ElementTypeTheBindingLacks_ThrowsNotSupported(TensorElementType type) =>
        Assert.Throws<NotSupportedException>(() => TensorProtoDecoder.Decode(new TensorProto { DataType = (int)type, Dims = { 1 } }));
}
