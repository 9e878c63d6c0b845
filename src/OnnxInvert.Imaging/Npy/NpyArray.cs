using System.Runtime.InteropServices;

namespace OnnxInvert.Imaging;

/// <summary>
/// An n-dimensional array as stored in an NPY file: an element type, a shape (C order; empty for a 0-d scalar) and the
/// elements. Immutable; the data is read through <see cref="GetData{T}"/> or converted with <see cref="ToSingleArray"/>.
/// </summary>
public sealed class NpyArray
{
    private readonly Array _data;
    private readonly int[] _shape;

    private NpyArray(NpyDataType dataType, int[] shape, Array data)
    {
        DataType = dataType;
        _shape = shape;
        _data = data;
    }

    /// <summary>The element type.</summary>
    public NpyDataType DataType { get; }

    /// <summary>The dimensions, outermost first (C order); empty for a 0-d array.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a 0-d array, 0 when a dimension is 0).</summary>
    public int Length => _data.Length;

    /// <summary>Bytes per element.</summary>
    public int ElementSize => NpyDataTypes.SizeOf(DataType);

    /// <summary>Creates an array of the type matching <typeparamref name="T"/> (float, double, byte, int or long) with a
    /// copy of <paramref name="data"/>.</summary>
    /// <typeparam name="T">float, double, byte, int or long.</typeparam>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">The dimensions; their product must equal the data length. Empty for a 0-d array.</param>
    /// <exception cref="ArgumentException">Unsupported <typeparamref name="T"/>, a negative dimension, or a shape that
    /// does not match the data length.</exception>
    public static NpyArray Create<T>(ReadOnlySpan<T> data, params ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        if (!NpyDataTypes.TryFromClrType(typeof(T), out NpyDataType dataType))
        {
            throw new ArgumentException($"NPY arrays hold float, double, byte, int or long, not {typeof(T).Name}.", nameof(data));
        }

        long count = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException("The shape has more elements than an array can hold.", nameof(shape));
            }
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) has {count} elements but the data has {data.Length}.", nameof(shape));
        }

        return new NpyArray(dataType, shape.ToArray(), data.ToArray());
    }

    /// <summary>The elements in C order; <typeparamref name="T"/> must match <see cref="DataType"/>.</summary>
    /// <typeparam name="T">float for Float32, double for Float64, byte for UInt8, int for Int32, long for Int64.</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match <see cref="DataType"/>.</exception>
    public ReadOnlySpan<T> GetData<T>()
        where T : unmanaged
    {
        if (_data is not T[] typed)
        {
            throw new InvalidOperationException(
                $"The array holds {NpyDataTypes.NumpyName(DataType)} ({NpyDataTypes.ClrType(DataType).Name}), not {typeof(T).Name}; use ToSingleArray() to convert.");
        }

        return typed;
    }

    /// <summary>A new float32 copy of the elements, converting from any element type (float64 is rounded).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[_data.Length];
        switch (_data)
        {
            case float[] f:
                f.CopyTo(result, 0);
                break;
            case double[] d:
                for (int i = 0; i < d.Length; i++)
                {
                    result[i] = (float)d[i];
                }

                break;
            case byte[] b:
                for (int i = 0; i < b.Length; i++)
                {
                    result[i] = b[i];
                }

                break;
            case int[] n:
                for (int i = 0; i < n.Length; i++)
                {
                    result[i] = n[i];
                }

                break;
            case long[] l:
                for (int i = 0; i < l.Length; i++)
                {
                    result[i] = l[i];
                }

                break;
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{NpyDataTypes.NumpyName(DataType)} ({string.Join(", ", _shape)}{(_shape.Length == 1 ? "," : string.Empty)})";

    /// <summary>Creates an array over freshly allocated storage, for the reader to fill.</summary>
    internal static NpyArray Allocate(NpyDataType dataType, int[] shape, int length) =>
        new(dataType, shape, NpyDataTypes.Allocate(dataType, length));

    /// <summary>The raw little-endian bytes of the elements (the reader fills them; the writer copies them out).</summary>
    internal Span<byte> DangerousGetBytes() =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_data), _data.Length * ElementSize);
}
