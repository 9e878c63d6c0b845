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

    /// <summary>The bytes <paramref name="count"/> elements of <paramref name="type"/> occupy (sub-byte types packed, rounded up); 0 for strings.</summary>
    public static long ByteCount(TensorElementType type, long count)
    {
        long bits = type switch
        {
            TensorElementType.UInt2 or TensorElementType.Int2 => 2,
            TensorElementType.UInt4 or TensorElementType.Int4 or TensorElementType.Float4E2M1 => 4,
            TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool or TensorElementType.Float8E4M3FN
                or TensorElementType.Float8E4M3FNUZ or TensorElementType.Float8E5M2 or TensorElementType.Float8E5M2FNUZ
                or TensorElementType.Float8E8M0 => 8,
            TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 16,
            TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 32,
            TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Complex64 => 64,
            TensorElementType.Complex128 => 128,
            _ => 0,
        };
        return ((count * bits) + 7) / 8;
    }
}
