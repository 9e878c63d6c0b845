namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtSessionOptions*</c>.</summary>
internal sealed class SessionOptionsHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseSessionOptions</c>.</summary>
    public SessionOptionsHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}
