using System.Buffers;

namespace OnnxInvert.Runtime.Handles;

/// <summary>
/// An <c>OrtValue*</c>. A tensor created over managed memory also owns the pin that keeps that memory in place: the
/// value is released first, then the memory unpinned (reverse creation order), whether by dispose or finalizer.
/// </summary>
internal sealed class ValueHandle : OrtHandle
{
    private MemoryHandle _pin;

    /// <summary>Wraps a value; an owned one is released with <c>ReleaseValue</c>.</summary>
    public ValueHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <summary>Wraps a value that borrows the memory held by <paramref name="pin"/>; takes ownership of both.</summary>
    public ValueHandle(nint handle, MemoryHandle pin)
        : base(handle, owned: true)
    {
        _pin = pin;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseValue(handle);
        _pin.Dispose();
        return true;
    }
}
