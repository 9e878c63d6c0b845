using System.Buffers;
using System.Runtime.InteropServices;
using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;
using OnnxInvert.Runtime.Tensors;

namespace OnnxInvert.Runtime;

/// <summary>
/// An ONNX Runtime value (<c>OrtValue</c>): a tensor that is a session input or output. Dispose it when done; a tensor
/// made by <see cref="CreateTensor{T}"/> keeps its managed memory pinned until then.
/// </summary>
/// <remarks>
/// Reading <see cref="ElementType"/>, <see cref="Shape"/> and <see cref="ElementCount"/> asks the runtime once and
/// then allocates nothing. Disposing a value while another thread uses it is a caller error (a native call already
/// under way completes safely, later calls throw <see cref="ObjectDisposedException"/>).
/// </remarks>
public sealed unsafe partial class OrtValue : IDisposable
{
    private readonly ValueHandle _handle;
    private volatile TensorDescription? _description;

    private OrtValue(ValueHandle handle, TensorDescription? description)
    {
        _handle = handle;
        _description = description;
    }

    /// <summary>The element type of the tensor.</summary>
    public TensorElementType ElementType => Description.ElementType;

    /// <summary>The dimensions of the tensor.</summary>
    public ReadOnlySpan<long> Shape => Description.Shape;

    /// <summary>The number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount => Description.ElementCount;

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Where the tensor's memory is, as ONNX Runtime names it: "Cpu", "Cuda", "CudaPinned", ...</summary>
    public string Device => Description.Device;

    /// <summary>The ordinal of <see cref="Device"/> (0 for the CPU).</summary>
    public int DeviceId => Description.DeviceId;

    /// <summary>Whether the data is in host memory, readable with <see cref="GetTensorData{T}"/>.</summary>
    public bool IsOnHost => Description.OnHost;

    /// <summary>The size of the tensor's data in bytes (0 for strings, whose size is not fixed).</summary>
    public long ByteCount => ElementTypes.ByteCount(ElementType, ElementCount);

    /// <summary>The native value, checked not disposed.</summary>
    internal ValueHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    private TensorDescription Description
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _description ?? Describe();
        }
    }

    /// <summary>
    /// Creates a tensor over <paramref name="data"/> without copying it: the runtime reads (and, for an output,
    /// writes) the managed memory directly, so later changes to the memory are seen by the next run. The memory stays
    /// pinned until the value is disposed.
    /// </summary>
    /// <typeparam name="T">float, double, long, int, byte, bool (one byte each), sbyte, short, ushort, uint, ulong or Half.</typeparam>
    /// <param name="data">The elements, row-major; exactly as many as <paramref name="shape"/> describes.</param>
    /// <param name="shape">The dimensions, each 0 or more (empty for a scalar).</param>
    /// <exception cref="ArgumentException">The data length is not the product of the shape, or a dimension is negative.</exception>
    public static OrtValue CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        TensorElementType type = ElementTypes.Of<T>();
        TensorShape.EnsureMatches(shape, data.Length, nameof(data));
        OrtApiTable api = OrtLibrary.Api;
        MemoryInfoHandle cpu = OrtMemoryInfo.SharedCpu.Handle;
        MemoryHandle pin = data.Pin();
        try
        {
            nint value;
            fixed (long* dims = shape)
            {
                api.Check(
                    api.CreateTensorWithDataAsOrtValue(cpu.DangerousGetHandle(), pin.Pointer, (nuint)data.Length * (nuint)sizeof(T), dims, (nuint)shape.Length, type, &value),
                    $"creating a {type} tensor of shape {TensorShape.Format(shape)} over managed memory");
            }

            var description = new TensorDescription(type, shape.ToArray(), data.Length, (nint)pin.Pointer);
            return new OrtValue(new ValueHandle(value, pin), description);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Allocates a zero-filled tensor with ONNX Runtime's default CPU allocator, e.g. as a preallocated output that
    /// <see cref="OrtSession.Run(ReadOnlySpan{ValueTuple{string, OrtValue}}, ReadOnlySpan{ValueTuple{string, OrtValue}})"/> writes into.
    /// </summary>
    /// <typeparam name="T">The element type, as for <see cref="CreateTensor{T}"/>.</typeparam>
    /// <param name="shape">The dimensions, each 0 or more (empty for a scalar).</param>
    public static OrtValue Allocate<T>(ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        TensorElementType type = ElementTypes.Of<T>();
        long count = TensorShape.ElementCount(shape, nameof(shape));
        OrtApiTable api = OrtLibrary.Api;
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default CPU allocator");
        nint value;
        fixed (long* dims = shape)
        {
            api.Check(
                api.CreateTensorAsOrtValue(allocator, dims, (nuint)shape.Length, type, &value),
                $"allocating a {type} tensor of shape {TensorShape.Format(shape)}");
        }

        var result = new OrtValue(new ValueHandle(value), description: null);
        try
        {
            TensorDescription description = result.Describe();
            if (description.Data != 0)
            {
                NativeMemory.Clear((void*)description.Data, (nuint)count * (nuint)sizeof(T));
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return result;
    }

    /// <summary>
    /// The tensor's elements, read and written in place (no copy). The span is valid only while this value is alive:
    /// do not use it after <see cref="Dispose"/>.
    /// </summary>
    /// <typeparam name="T">The .NET type of <see cref="ElementType"/> (<see cref="byte"/> also reads bool tensors).</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the element type, the tensor has more than <see cref="int.MaxValue"/> elements, or it is in device memory (bind the output to CPU memory to read it).</exception>
    public Span<T> GetTensorData<T>()
        where T : unmanaged
    {
        TensorDescription description = Description;
        if (!description.OnHost)
        {
            throw new InvalidOperationException(
                $"The tensor {description.ElementType} {TensorShape.Format(description.Shape)} is in {description.Device}:{description.DeviceId} device memory, " +
                "which the host cannot read; bind the output to CPU memory (OrtIoBinding.BindOutputToDevice with OrtMemoryInfo.CreateCpu()) to copy it back.");
        }

        ElementTypes.EnsureReadableAs<T>(description.ElementType);
        if (description.ElementCount > int.MaxValue)
        {
            throw new InvalidOperationException($"The tensor has {description.ElementCount} elements, more than a span can hold.");
        }

        return new Span<T>((void*)description.Data, (int)description.ElementCount);
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsDisposed ? "OrtValue (disposed)" : $"{ElementType} {TensorShape.Format(Shape)}";

    /// <summary>Releases the native value and unpins any managed memory it used.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Keeps the native value alive for a native call even if the value is disposed meanwhile; returns its address.
    /// Pair with <see cref="ReleaseRef"/>.
    /// </summary>
    internal nint AddRef()
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        return _handle.DangerousGetHandle();
    }

    /// <summary>Ends what <see cref="AddRef"/> began.</summary>
    internal void ReleaseRef() => _handle.DangerousRelease();

    /// <summary>Takes ownership of a value the runtime created (a run output).</summary>
    internal static OrtValue FromNative(nint value) => new(new ValueHandle(value), description: null);

    private TensorDescription Describe()
    {
        ValueHandle handle = Handle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            TensorDescription description = TensorDescription.Read(OrtLibrary.Api, handle.DangerousGetHandle());
            _description = description;
            return description;
        }
        finally
        {
            handle.DangerousRelease();
        }
    }
}
