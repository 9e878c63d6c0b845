namespace OnnxInvert.Runtime.Handles;

/// <summary>An <c>OrtCUDAProviderOptionsV2*</c>.</summary>
internal sealed class CudaProviderOptionsHandle : OrtHandle
{
    /// <summary>Wraps a handle; an owned one is released with <c>ReleaseCudaProviderOptions</c>.</summary>
    public CudaProviderOptionsHandle(nint handle, bool owned = true)
        : base(handle, owned)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseCudaProviderOptions(handle);
        return true;
    }
}
