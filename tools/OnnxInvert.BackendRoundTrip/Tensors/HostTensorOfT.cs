using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>A <see cref="HostTensor"/> whose values are an array of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">A type the runtime binding can create tensors of.</typeparam>
internal sealed class HostTensor<T> : HostTensor
    where T : unmanaged
{
    public HostTensor(TensorElementType elementType, long[] shape, T[] values)
        : base(elementType, shape)
    {
        Values = values;
    }

    /// <summary>The values, row-major.</summary>
    public T[] Values { get; }

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override ReadOnlySpan<byte> Bytes => MemoryMarshal.AsBytes(Values.AsSpan());

    /// <inheritdoc />
    public override OrtValue ToOrtValue() => OrtValue.CreateTensor(Values.AsMemory(), Shape);

    /// <inheritdoc />
    public override double ValueAt(int index)
    {
        T value = Values[index];
        if (typeof(T) == typeof(float)) { return Unsafe.As<T, float>(ref value); }
        if (typeof(T) == typeof(double)) { return Unsafe.As<T, double>(ref value); }
        if (typeof(T) == typeof(Half)) { return (double)Unsafe.As<T, Half>(ref value); }
        if (typeof(T) == typeof(long)) { return Unsafe.As<T, long>(ref value); }
        if (typeof(T) == typeof(int)) { return Unsafe.As<T, int>(ref value); }
        if (typeof(T) == typeof(short)) { return Unsafe.As<T, short>(ref value); }
        if (typeof(T) == typeof(sbyte)) { return Unsafe.As<T, sbyte>(ref value); }
        if (typeof(T) == typeof(byte)) { return Unsafe.As<T, byte>(ref value); }
        if (typeof(T) == typeof(ushort)) { return Unsafe.As<T, ushort>(ref value); }
        if (typeof(T) == typeof(uint)) { return Unsafe.As<T, uint>(ref value); }
        if (typeof(T) == typeof(ulong)) { return Unsafe.As<T, ulong>(ref value); }
        if (typeof(T) == typeof(bool)) { return Unsafe.As<T, bool>(ref value) ? 1 : 0; }
        throw new NotSupportedException($"{typeof(T).Name} values cannot be read as numbers");
    }
}
