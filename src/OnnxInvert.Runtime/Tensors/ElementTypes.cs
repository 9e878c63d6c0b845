namespace OnnxInvert.Runtime.Tensors;

/// <summary>Which .NET type holds which tensor element type.</summary>
internal static class ElementTypes
{
    /// <summary>The element type of <typeparamref name="T"/> (folded to a constant by the JIT).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no ONNX element type.</exception>
    public static TensorElementType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { return TensorElementType.Float; }
        if (typeof(T) == typeof(double)) { return TensorElementType.Double; }
        if (typeof(T) == typeof(long)) { return TensorElementType.Int64; }
        if (typeof(T) == typeof(int)) { return TensorElementType.Int32; }
        if (typeof(T) == typeof(byte)) { return TensorElementType.UInt8; }
        if (typeof(T) == typeof(bool)) { return TensorElementType.Bool; }
        if (typeof(T) == typeof(sbyte)) { return TensorElementType.Int8; }
        if (typeof(T) == typeof(short)) { return TensorElementType.Int16; }
        if (typeof(T) == typeof(ushort)) { return TensorElementType.UInt16; }
        if (typeof(T) == typeof(uint)) { return TensorElementType.UInt32; }
        if (typeof(T) == typeof(ulong)) { return TensorElementType.UInt64; }
        if (typeof(T) == typeof(Half)) { return TensorElementType.Float16; }
        throw new NotSupportedException(
            $"{typeof(T).Name} is not a tensor element type; use float, double, long, int, byte, bool, sbyte, short, ushort, uint, ulong or Half.");
    }

    /// <summary>
    /// Throws unless <typeparamref name="T"/> is the .NET type of <paramref name="actual"/>. <see cref="byte"/> also
    /// reads <see cref="TensorElementType.Bool"/> tensors (one byte per element).
    /// </summary>
    public static void EnsureReadableAs<T>(TensorElementType actual)
        where T : unmanaged
    {
        TensorElementType wanted = Of<T>();
        if (wanted != actual && !(wanted == TensorElementType.UInt8 && actual == TensorElementType.Bool))
        {
            throw new InvalidOperationException($"The tensor holds {actual} elements; it cannot be read as {typeof(T).Name} ({wanted}).");
        }
    }
}
