namespace OnnxInvert.Runtime.Providers;

/// <summary>
/// The execution providers known by short name. A name not listed here is passed as written to ONNX Runtime's
/// generic SessionOptionsAppendExecutionProvider, which knows its own list (the header's doc comment).
/// </summary>
internal static class ProviderCatalog
{
    private static readonly ProviderEntry[] Entries =
    [
        new("cpu", "CPUExecutionProvider", "CPU", ProviderKind.Cpu, NeedsGpuPackage: false),
        new("cuda", "CUDAExecutionProvider", "CUDA", ProviderKind.CudaV2, NeedsGpuPackage: true),
        new("tensorrt", "TensorrtExecutionProvider", "TensorRT", ProviderKind.TensorRtV2, NeedsGpuPackage: true),
        new("openvino", "OpenVINOExecutionProvider", "OpenVINO", ProviderKind.Generic, NeedsGpuPackage: false),
        new("qnn", "QNNExecutionProvider", "QNN", ProviderKind.Generic, NeedsGpuPackage: false),
        new("xnnpack", "XnnpackExecutionProvider", "XNNPACK", ProviderKind.Generic, NeedsGpuPackage: false),
        new("coreml", "CoreMLExecutionProvider", "CoreML", ProviderKind.Generic, NeedsGpuPackage: false),
        new("webgpu", "WebGpuExecutionProvider", "WebGPU", ProviderKind.Generic, NeedsGpuPackage: false),
        new("webnn", "WebNNExecutionProvider", "WEBNN", ProviderKind.Generic, NeedsGpuPackage: false),
        new("vitisai", "VitisAIExecutionProvider", "VitisAI", ProviderKind.Generic, NeedsGpuPackage: false),
        new("azure", "AzureExecutionProvider", "AZURE", ProviderKind.Generic, NeedsGpuPackage: false),
        new("js", "JsExecutionProvider", "JS", ProviderKind.Generic, NeedsGpuPackage: false),
        new("snpe", "SNPEExecutionProvider", "SNPE", ProviderKind.Generic, NeedsGpuPackage: false),
        new("dml", "DmlExecutionProvider", "DML", ProviderKind.Generic, NeedsGpuPackage: false),
        new("migraphx", "MIGraphXExecutionProvider", "MIGraphX", ProviderKind.Generic, NeedsGpuPackage: false),
        new("nvtensorrtrtx", "NvTensorRTRTXExecutionProvider", "NvTensorRtRtx", ProviderKind.Generic, NeedsGpuPackage: false),
    ];

    /// <summary>The short names, for help text.</summary>
    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>The entry for a short name (lower case), or null.</summary>
    public static ProviderEntry? Find(string name) => Array.Find(Entries, e => e.Name == name);

    /// <summary>The entry for a spec: the known one, or a generic entry that passes the name through.</summary>
    public static ProviderEntry For(ProviderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Find(spec.Name) ?? new ProviderEntry(spec.Name, RegisteredNameOf(spec.Name), spec.Name, ProviderKind.Generic, NeedsGpuPackage: false);
    }

    private static string RegisteredNameOf(string name) =>
        name.EndsWith("ExecutionProvider", StringComparison.Ordinal) ? name : name + "ExecutionProvider";
}
