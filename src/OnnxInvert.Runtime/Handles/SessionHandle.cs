namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtSession*</c>.</summary>
internal sealed class SessionHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseSession</c>.</summary>
    public SessionHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSession(handle);
        return true;
    }
}
