namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtEnv*</c>: the process-wide environment.</summary>
internal sealed class EnvHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseEnv</c>.</summary>
    public EnvHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseEnv(handle);
        return true;
    }
}
