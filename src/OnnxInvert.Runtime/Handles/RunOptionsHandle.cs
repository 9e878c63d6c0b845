namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtRunOptions*</c>.</summary>
internal sealed class RunOptionsHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseRunOptions</c>.</summary>
    public RunOptionsHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseRunOptions(handle);
        return true;
    }
}
