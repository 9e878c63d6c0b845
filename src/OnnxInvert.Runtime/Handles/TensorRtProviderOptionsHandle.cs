namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtTensorRTProviderOptionsV2*</c>.</summary>
internal sealed class TensorRtProviderOptionsHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseTensorRTProviderOptions</c>.</summary>
    public TensorRtProviderOptionsHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseTensorRtProviderOptions(handle);
        return true;
    }
}
