namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtIoBinding*</c>.</summary>
internal sealed class IoBindingHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseIoBinding</c>.</summary>
    public IoBindingHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseIoBinding(handle);
        return true;
    }
}
