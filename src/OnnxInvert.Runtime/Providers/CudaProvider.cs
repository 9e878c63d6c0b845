using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Providers;

/// <summary>Adds the CUDA execution provider through its V2 options (present since ORT 1.11).</summary>
internal static unsafe class CudaProvider
{
    /// <summary>
    /// Appends CUDA with <paramref name="options"/> (keys as ONNX Runtime's CUDA provider documents them:
    /// device_id, gpu_mem_limit, arena_extend_strategy, cudnn_conv_algo_search, do_copy_in_default_stream, ...).
    /// </summary>
    /// <exception cref="OrtException">The runtime refused; the message is the runtime's own.</exception>
    public static void Append(OrtApiTable api, SessionOptionsHandle sessionOptions, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        nint raw;
        api.Check(api.CreateCudaProviderOptions(&raw), "creating CUDA provider options");
        using var cudaOptions = new CudaProviderOptionsHandle(raw);
        // Always update (device_id 0, ONNX Runtime's default, when not given): that call loads the provider library,
        // and its status names what is missing (e.g. libcublasLt.so.13), where the append alone only says it failed.
        IReadOnlyList<KeyValuePair<string, string>> effective = CudaProvider.WithDeviceId(options);
        {
            using var strings = new OptionStrings(effective);
            api.Check(api.UpdateCudaProviderOptions(raw, strings.Keys, strings.Values, strings.Count), $"setting CUDA options {Describe(effective)}");
        }

        api.Check(api.SessionOptionsAppendExecutionProviderCudaV2(sessionOptions.DangerousGetHandle(), raw), "adding the CUDA execution provider");
    }

    /// <summary>The options with <c>device_id=0</c> first when they do not set a device.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> WithDeviceId(IReadOnlyList<KeyValuePair<string, string>> options) =>
        options.Any(o => o.Key == "device_id") ? options : [new("device_id", "0"), .. options];

    /// <summary>"device_id=1, gpu_mem_limit=..." for messages.</summary>
    public static string Describe(IReadOnlyList<KeyValuePair<string, string>> options) =>
        string.Join(", ", options.Select(o => $"{o.Key}={o.Value}"));
}
