namespace OnnxInvert.Runtime.Providers;

/// <summary>How a provider is added to session options.</summary>
internal enum ProviderKind
{
    /// <summary>Nothing to add: the CPU provider is always there.</summary>
    Cpu,

    /// <summary>CreateCUDAProviderOptions, UpdateCUDAProviderOptions, SessionOptionsAppendExecutionProvider_CUDA_V2.</summary>
    CudaV2,

    /// <summary>CreateTensorRTProviderOptions, UpdateTensorRTProviderOptions, SessionOptionsAppendExecutionProvider_TensorRT_V2.</summary>
    TensorRtV2,

    /// <summary>SessionOptionsAppendExecutionProvider by name with string options.</summary>
    Generic,
}
