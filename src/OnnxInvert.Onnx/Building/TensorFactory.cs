using System.Runtime.InteropServices;
using Google.Protobuf;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Building;

/// <summary>Creates constant tensors (initializers) with their data stored as raw little-endian bytes.</summary>
public static class TensorFactory
{
    /// <summary>A float32 tensor of the given shape.</summary>
    public static TensorProto Float(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims) =>
        Create(name, DataType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>A float64 tensor of the given shape.</summary>
    public static TensorProto Double(string name, ReadOnlySpan<double> values, params ReadOnlySpan<long> dims) =>
        Create(name, DataType.Double, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 tensor of the given shape.</summary>
    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params ReadOnlySpan<long> dims) =>
        Create(name, DataType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>A 1-D int64 tensor (the usual form of shapes, axes and pads).</summary>
    public static TensorProto Int64Vector(string name, params ReadOnlySpan<long> values) =>
        Int64(name, values, values.Length);

    /// <summary>A scalar (rank 0) tensor of the given floating type holding <paramref name="value"/>.</summary>
    public static TensorProto Scalar(string name, DataType type, double value) => type switch
    {
        DataType.Float => Float(name, [(float)value]),
        DataType.Double => Double(name, [value]),
        _ => throw new ArgumentException($"scalar constants of type {type} are not supported", nameof(type)),
    };

    private static TensorProto Create(string name, DataType type, ReadOnlySpan<byte> bytes, int count, ReadOnlySpan<long> dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"tensor '{name}' has {count} values but its shape [{string.Join(",", dims.ToArray())}] holds {expected}");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; big-endian hosts are not supported");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims.ToArray());
        return tensor;
    }
}
