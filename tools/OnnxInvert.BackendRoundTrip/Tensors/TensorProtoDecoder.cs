using System.Runtime.InteropServices;
using Google.Protobuf.Collections;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>
/// Decodes a serialized <c>TensorProto</c> (a test data file) into a <see cref="HostTensor"/>: raw_data little-endian,
/// or the typed field the ONNX IR assigns to the element type (16-bit and smaller types, float16 bits included, in int32_data).
/// </summary>
internal static class TensorProtoDecoder
{
    /// <summary>Reads and decodes the tensor file at <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">The element type is not one of <see cref="SupportedElementTypes"/>.</exception>
    /// <exception cref="InvalidDataException">The value count does not match the shape.</exception>
    public static HostTensor ReadFile(string path) => Decode(TensorProto.Parser.ParseFrom(File.ReadAllBytes(path)));

    /// <summary>Decodes <paramref name="tensor"/>.</summary>
    /// <exception cref="NotSupportedException">The element type is not one of <see cref="SupportedElementTypes"/>.</exception>
    /// <exception cref="InvalidDataException">The value count does not match the shape.</exception>
    public static HostTensor Decode(TensorProto tensor)
    {
        var type = (TensorElementType)tensor.DataType;
        long[] shape = [.. tensor.Dims];
        HostTensor result = type switch
        {
            TensorElementType.Float => Create<float>(type, shape, tensor, t => [.. t.FloatData]),
            TensorElementType.Double => Create<double>(type, shape, tensor, t => [.. t.DoubleData]),
            TensorElementType.Int64 => Create<long>(type, shape, tensor, t => [.. t.Int64Data]),
            TensorElementType.Int32 => Create<int>(type, shape, tensor, t => [.. t.Int32Data]),
            TensorElementType.Int16 => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => (short)v)),
            TensorElementType.Int8 => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => (sbyte)v)),
            TensorElementType.UInt16 => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => (ushort)v)),
            TensorElementType.UInt8 => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => (byte)v)),
            TensorElementType.Bool => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => v != 0)),
            TensorElementType.Float16 => Create(type, shape, tensor, t => Narrow(t.Int32Data, v => BitConverter.UInt16BitsToHalf((ushort)v))),
            TensorElementType.UInt32 => Create(type, shape, tensor, t => Narrow(t.Uint64Data, v => (uint)v)),
            TensorElementType.UInt64 => Create<ulong>(type, shape, tensor, t => [.. t.Uint64Data]),
            _ => throw new NotSupportedException($"tensor '{tensor.Name}' has element type {type}, which the runtime binding cannot feed"),
        };

        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (result.Length != expected)
        {
            throw new InvalidDataException(
                $"tensor '{tensor.Name}' has shape {result.ShapeText} ({expected} values) but holds {result.Length}");
        }

        return result;
    }

    private static HostTensor<T> Create<T>(TensorElementType type, long[] shape, TensorProto tensor, Func<TensorProto, T[]> typed)
        where T : unmanaged
    {
        T[] values = tensor.HasRawData
            ? MemoryMarshal.Cast<byte, T>(tensor.RawData.Span).ToArray()
            : typed(tensor);
        return new HostTensor<T>(type, shape, values);
    }

    private static T[] Narrow<TField, T>(RepeatedField<TField> field, Func<TField, T> convert) =>
        field.Select(convert).ToArray();
}
