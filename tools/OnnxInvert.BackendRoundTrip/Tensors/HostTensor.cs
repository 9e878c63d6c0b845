using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>A tensor held in managed memory: an element type, a shape and the values (see <see cref="HostTensor{T}"/>).</summary>
internal abstract class HostTensor
{
    protected HostTensor(TensorElementType elementType, long[] shape)
    {
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions (empty for a scalar).</summary>
    public long[] Shape { get; }

    /// <summary>The number of values.</summary>
    public abstract int Length { get; }

    /// <summary>Whether the values are floating point (compared with a tolerance) rather than exact.</summary>
    public bool IsFloatingPoint =>
        ElementType is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16;

    /// <summary>A runtime value over these values (no copy; dispose it before this tensor is dropped).</summary>
    public abstract OrtValue ToOrtValue();

    /// <summary>The value at <paramref name="index"/> as a double (exact for every integer type up to 2^53).</summary>
    public abstract double ValueAt(int index);

    /// <summary>The values' bytes, for exact comparison.</summary>
    public abstract ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The shape as "[2,3]".</summary>
    public string ShapeText => $"[{string.Join(',', Shape)}]";
}
