using System.Buffers;
using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;
using OnnxInvert.Runtime.Tensors;

namespace OnnxInvert.Runtime;

/// <summary>Views over rows of a tensor, in whatever memory (host or device) the tensor is in.</summary>
public sealed unsafe partial class OrtValue
{
    /// <summary>
    /// A tensor over rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of this
    /// tensor's leading axis, in the same memory (host or device) and without copying: writing either writes both. The
    /// view keeps this value's memory alive until the view is disposed. This is how a device-resident buffer is bound
    /// one batch chunk or one slot at a time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor is a scalar, or its elements have no fixed byte size (strings) or are smaller than a byte.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not within the leading axis.</exception>
    public OrtValue SliceRows(long start, long count)
    {
        TensorDescription description = Description;
        if (description.Shape.Length == 0)
        {
            throw new InvalidOperationException($"The tensor {this} is a scalar: it has no rows to slice.");
        }

        long rows = description.Shape[0];
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > rows)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Rows {start}..{start + count} are past the {rows} rows of the tensor {this}.");
        }

        long elementBits = ElementTypes.ByteCount(description.ElementType, 8); // the bytes of 8 elements: the bits of one
        if (elementBits == 0 || elementBits % 8 != 0)
        {
            throw new InvalidOperationException($"The tensor {this} has elements without a whole fixed byte size; its rows cannot be viewed.");
        }

        long elementBytes = elementBits / 8;
        long rowElements = 1;
        for (int i = 1; i < description.Shape.Length; i++)
        {
            rowElements *= description.Shape[i];
        }

        long[] shape = [count, .. description.Shape.AsSpan(1)];
        nint data = description.Data + (nint)(start * rowElements * elementBytes);
        long elements = count * rowElements;
        OrtApiTable api = OrtLibrary.Api;
        nint source = AddRef();
        var keepAlive = new MemoryHandle(null, default, new SourceReference(this));
        try
        {
            nint memory;
            api.Check(api.GetTensorMemoryInfo(source, &memory), "reading where a tensor's memory is");
            nint value;
            fixed (long* dims = shape)
            {
                api.Check(
                    api.CreateTensorWithDataAsOrtValue(memory, (void*)data, (nuint)(elements * elementBytes), dims, (nuint)shape.Length, description.ElementType, &value),
                    $"creating a view of rows {start}..{start + count} of the tensor {this}");
            }

            var view = new TensorDescription(description.ElementType, shape, elements, data, description.Device, description.DeviceId);
            return new OrtValue(new ValueHandle(value, keepAlive), view);
        }
        catch
        {
            keepAlive.Dispose();
            throw;
        }
    }

    /// <summary>Holds a reference on the viewed value until the view's handle is released (which disposes the <see cref="MemoryHandle"/>).</summary>
    private sealed class SourceReference(OrtValue source) : IPinnable
    {
        private int _released;

        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException("A row view's source is not pinned again.");

        public void Unpin()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                source.ReleaseRef();
            }
        }
    }
}
