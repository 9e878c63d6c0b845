using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Providers;

/// <summary>Adds the TensorRT execution provider through its V2 options.</summary>
internal static unsafe class TensorRtProvider
{
    /// <summary>
    /// Appends TensorRT with <paramref name="options"/> (keys as ONNX Runtime's TensorRT provider documents them:
    /// device_id, trt_max_workspace_size, trt_fp16_enable, trt_engine_cache_enable, trt_engine_cache_path, ...).
    /// </summary>
    /// <exception cref="OrtException">The runtime refused; the message is the runtime's own.</exception>
    public static void Append(OrtApiTable api, SessionOptionsHandle sessionOptions, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        nint raw;
        api.Check(api.CreateTensorRtProviderOptions(&raw), "creating TensorRT provider options");
        using var trtOptions = new TensorRtProviderOptionsHandle(raw);
        // Always update (device_id 0, ONNX Runtime's default, when not given): that call loads the provider library,
        // and its status names what is missing (e.g. libcublasLt.so.13), where the append alone only says it failed.
        IReadOnlyList<KeyValuePair<string, string>> effective = CudaProvider.WithDeviceId(options);
        {
            using var strings = new OptionStrings(effective);
            api.Check(api.UpdateTensorRtProviderOptions(raw, strings.Keys, strings.Values, strings.Count), $"setting TensorRT options {CudaProvider.Describe(effective)}");
        }

        api.Check(api.SessionOptionsAppendExecutionProviderTensorRtV2(sessionOptions.DangerousGetHandle(), raw), "adding the TensorRT execution provider");
    }
}
