using System.Runtime.InteropServices;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Tensors;

/// <summary>Reads the values of inline tensors (raw_data or the typed fields) as managed arrays.</summary>
public static class TensorProtoReader
{
    /// <summary>The tensor's element count (the product of its dims; 1 for a scalar).</summary>
    public static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The values of a float32, float64 or integer tensor, converted to float64.</summary>
    public static double[] ToDoubles(TensorProto tensor)
    {
        var type = (DataType)tensor.DataType;
        return type switch
        {
            DataType.Float => Array.ConvertAll(Read<float>(tensor, t => t.FloatData), v => (double)v),
            DataType.Double => Read<double>(tensor, t => t.DoubleData),
            DataType.Int64 or DataType.Int32 or DataType.Int16 or DataType.Int8 or DataType.Uint8 or DataType.Bool =>
                Array.ConvertAll(ToInt64s(tensor), v => (double)v),
            _ => throw Unsupported(tensor, "as numbers"),
        };
    }

    /// <summary>The values of a float32 tensor (float64 values are narrowed).</summary>
    public static float[] ToFloats(TensorProto tensor) =>
        (DataType)tensor.DataType == DataType.Float
            ? Read<float>(tensor, t => t.FloatData)
            : Array.ConvertAll(ToDoubles(tensor), v => (float)v);

    /// <summary>The values of an integer or bool tensor as int64.</summary>
    public static long[] ToInt64s(TensorProto tensor)
    {
        var type = (DataType)tensor.DataType;
        return type switch
        {
            DataType.Int64 => Read<long>(tensor, t => t.Int64Data),
            DataType.Int32 => Array.ConvertAll(Read<int>(tensor, t => t.Int32Data), v => (long)v),
            DataType.Int16 => tensor.RawData.Length > 0
                ? Array.ConvertAll(MemoryMarshal.Cast<byte, short>(tensor.RawData.Span).ToArray(), v => (long)v)
                : tensor.Int32Data.Select(v => (long)v).ToArray(),
            DataType.Int8 => tensor.RawData.Length > 0
                ? Array.ConvertAll(MemoryMarshal.Cast<byte, sbyte>(tensor.RawData.Span).ToArray(), v => (long)v)
                : tensor.Int32Data.Select(v => (long)v).ToArray(),
            DataType.Uint8 or DataType.Bool => tensor.RawData.Length > 0
                ? Array.ConvertAll(tensor.RawData.ToByteArray(), v => (long)v)
                : tensor.Int32Data.Select(v => (long)v).ToArray(),
            DataType.Float or DataType.Double => Array.ConvertAll(ToDoubles(tensor), v => (long)v),
            _ => throw Unsupported(tensor, "as integers"),
        };
    }

    private static T[] Read<T>(TensorProto tensor, Func<TensorProto, IEnumerable<T>> typed)
        where T : unmanaged
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new InvalidOperationException($"tensor '{tensor.Name}' still refers to external data; read the model with external data loaded");
        }

        T[] values = tensor.HasRawData
            ? MemoryMarshal.Cast<byte, T>(tensor.RawData.Span).ToArray()
            : typed(tensor).ToArray();
        long expected = ElementCount(tensor);
        if (values.LongLength != expected)
        {
            throw new InvalidOperationException(
                $"tensor '{tensor.Name}' has shape [{string.Join(",", tensor.Dims)}] ({expected} values) but holds {values.Length}");
        }

        return values;
    }

    private static NotSupportedException Unsupported(TensorProto tensor, string how) =>
        new($"tensor '{tensor.Name}' of type {ElementTypes.Name((DataType)tensor.DataType)} cannot be read {how}");
}
