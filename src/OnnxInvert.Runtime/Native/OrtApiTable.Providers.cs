namespace OnnxInvert.Runtime.Native;

/// <summary>Execution providers: the generic append (by name, with string options) and TensorRT's V2 options.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [170] OrtStatus* SessionOptionsAppendExecutionProvider_TensorRT_V2(OrtSessionOptions* options,
    //                                                                    const OrtTensorRTProviderOptionsV2* tensorrt_options)
    public nint SessionOptionsAppendExecutionProviderTensorRtV2(nint options, nint tensorRtOptions) =>
        ((delegate* unmanaged<nint, nint, nint>)_slots[170])(options, tensorRtOptions);

    // [171] OrtStatus* CreateTensorRTProviderOptions(OrtTensorRTProviderOptionsV2** out)
    public nint CreateTensorRtProviderOptions(nint* tensorRtOptions) =>
        ((delegate* unmanaged<nint*, nint>)_slots[171])(tensorRtOptions);

    // [172] OrtStatus* UpdateTensorRTProviderOptions(OrtTensorRTProviderOptionsV2* tensorrt_options,
    //                                               const char* const* provider_options_keys,
    //                                               const char* const* provider_options_values, size_t num_keys)
    public nint UpdateTensorRtProviderOptions(nint tensorRtOptions, byte** keys, byte** values, nuint count) =>
        ((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)_slots[172])(tensorRtOptions, keys, values, count);

    // [174] void ReleaseTensorRTProviderOptions(OrtTensorRTProviderOptionsV2* input)
    public void ReleaseTensorRtProviderOptions(nint tensorRtOptions) =>
        ((delegate* unmanaged<nint, void>)_slots[174])(tensorRtOptions);

    // [216] OrtStatus* SessionOptionsAppendExecutionProvider(OrtSessionOptions* options, const char* provider_name,
    //                                                        const char* const* provider_options_keys,
    //                                                        const char* const* provider_options_values, size_t num_keys)
    //       Names: QNN, OpenVINO, XNNPACK, WEBNN, WebGPU, AZURE, JS, VitisAI, CoreML (or their full registered names).
    public nint SessionOptionsAppendExecutionProvider(nint options, byte* providerName, byte** keys, byte** values, nuint count) =>
        ((delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint>)_slots[216])(options, providerName, keys, values, count);
}
