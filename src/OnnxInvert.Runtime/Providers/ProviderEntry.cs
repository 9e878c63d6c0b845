namespace OnnxInvert.Runtime.Providers;

/// <summary>A provider this library knows by a short name.</summary>
/// <param name="Name">The short name users write, lower case, e.g. "openvino".</param>
/// <param name="RegisteredName">The name ONNX Runtime registers it under, e.g. "OpenVINOExecutionProvider".</param>
/// <param name="ApiName">The name passed to SessionOptionsAppendExecutionProvider (for <see cref="ProviderKind.Generic"/>).</param>
/// <param name="Kind">How it is added.</param>
/// <param name="NeedsGpuPackage">Whether the official GPU package (Microsoft.ML.OnnxRuntime.Gpu.Linux) carries it.</param>
internal sealed record ProviderEntry(string Name, string RegisteredName, string ApiName, ProviderKind Kind, bool NeedsGpuPackage);
