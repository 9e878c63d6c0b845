using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>Copies a runtime output into a <see cref="HostTensor"/>.</summary>
internal static class OrtValueReader
{
    /// <summary>A copy of <paramref name="value"/>'s values, shape and element type.</summary>
    /// <exception cref="NotSupportedException">The value is not a tensor, or its element type cannot be read by the binding.</exception>
    public static HostTensor Read(OrtValue value)
    {
        TensorElementType type = value.ElementType;
        long[] shape = value.Shape.ToArray();
        return type switch
        {
            TensorElementType.Float => Copy<float>(value, type, shape),
            TensorElementType.Double => Copy<double>(value, type, shape),
            TensorElementType.Float16 => Copy<Half>(value, type, shape),
            TensorElementType.Int64 => Copy<long>(value, type, shape),
            TensorElementType.Int32 => Copy<int>(value, type, shape),
            TensorElementType.Int16 => Copy<short>(value, type, shape),
            TensorElementType.Int8 => Copy<sbyte>(value, type, shape),
            TensorElementType.UInt64 => Copy<ulong>(value, type, shape),
            TensorElementType.UInt32 => Copy<uint>(value, type, shape),
            TensorElementType.UInt16 => Copy<ushort>(value, type, shape),
            TensorElementType.UInt8 => Copy<byte>(value, type, shape),
            TensorElementType.Bool => Copy<bool>(value, type, shape),
            _ => throw new NotSupportedException($"the runtime returned a {type} tensor, which the binding cannot read"),
        };
    }

    private static HostTensor<T> Copy<T>(OrtValue value, TensorElementType type, long[] shape)
        where T : unmanaged =>
        new(type, shape, value.GetTensorData<T>().ToArray());
}
