namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtMemoryInfo*</c>.</summary>
internal sealed class MemoryInfoHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseMemoryInfo</c>.</summary>
    public MemoryInfoHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
