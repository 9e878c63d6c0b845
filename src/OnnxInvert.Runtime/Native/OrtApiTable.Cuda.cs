namespace OnnxInvert.Runtime.Native;

/// <summary>The CUDA execution provider (V2 options, present since ORT 1.11).</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [204] OrtStatus* SessionOptionsAppendExecutionProvider_CUDA_V2(OrtSessionOptions* options,
    //                                                                const OrtCUDAProviderOptionsV2* cuda_options)
    public nint SessionOptionsAppendExecutionProviderCudaV2(nint options, nint cudaOptions) =>
        ((delegate* unmanaged<nint, nint, nint>)_slots[204])(options, cudaOptions);

    // [205] OrtStatus* CreateCUDAProviderOptions(OrtCUDAProviderOptionsV2** out)
    public nint CreateCudaProviderOptions(nint* cudaOptions) =>
        ((delegate* unmanaged<nint*, nint>)_slots[205])(cudaOptions);

    // [206] OrtStatus* UpdateCUDAProviderOptions(OrtCUDAProviderOptionsV2* cuda_options,
    //                                           const char* const* provider_options_keys,
    //                                           const char* const* provider_options_values, size_t num_keys)
    public nint UpdateCudaProviderOptions(nint cudaOptions, byte** keys, byte** values, nuint count) =>
        ((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)_slots[206])(cudaOptions, keys, values, count);

    // [208] void ReleaseCUDAProviderOptions(OrtCUDAProviderOptionsV2* input)
    public void ReleaseCudaProviderOptions(nint cudaOptions) =>
        ((delegate* unmanaged<nint, void>)_slots[208])(cudaOptions);
}
