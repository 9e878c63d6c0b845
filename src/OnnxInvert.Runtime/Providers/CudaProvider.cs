using System.Globalization;
using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Loading;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Providers;

/// <summary>Adds the CUDA execution provider to session options, and explains when the loaded library cannot.</summary>
internal static unsafe class CudaProvider
{
    /// <summary>The provider's registered name.</summary>
    public const string Name = "CUDAExecutionProvider";

    /// <summary>
    /// Appends CUDA on device <paramref name="deviceId"/> to <paramref name="options"/> (CreateCUDAProviderOptions,
    /// UpdateCUDAProviderOptions, SessionOptionsAppendExecutionProvider_CUDA_V2).
    /// </summary>
    /// <exception cref="OrtException">The runtime refused; the message is the runtime's own.</exception>
    public static void Append(OrtApiTable api, SessionOptionsHandle options, int deviceId)
    {
        nint raw;
        api.Check(api.CreateCudaProviderOptions(&raw), "creating CUDA provider options");
        using var cudaOptions = new CudaProviderOptionsHandle(raw);

        Span<byte> value = stackalloc byte[16];
        value = Utf8.Encode(deviceId.ToString(CultureInfo.InvariantCulture), value);
        fixed (byte* key = "device_id\0"u8)
        fixed (byte* valuePtr = value)
        {
            byte* keys = key;
            byte* values = valuePtr;
            api.Check(api.UpdateCudaProviderOptions(raw, &keys, &values, 1), $"setting CUDA device_id={deviceId}");
        }

        api.Check(api.SessionOptionsAppendExecutionProviderCudaV2(options.DangerousGetHandle(), raw), "adding the CUDA execution provider");
    }

    /// <summary>The error for a CUDA request the loaded library cannot serve: what was loaded, why, and how to fix it.</summary>
    public static OrtException Unavailable(OrtException cause, int deviceId)
    {
        LoadedLibrary library = OrtLibrary.Library;
        string bundled = library.ChosenByUser ? string.Empty : " (the bundled library is the CPU-only build from npm onnxruntime-node)";
        string message =
            $"The CUDA execution provider is unavailable in the loaded ONNX Runtime {library.Version} at {library.Path}{bundled} " +
            $"for CUDA device {deviceId}: {Sentence(cause.RuntimeMessage)} " +
            $"To run on CUDA, point --ort-lib or {OrtLibrary.PathVariable} at libonnxruntime.so.1 of an official ONNX Runtime GPU build " +
            "(1.20 or newer, e.g. the lib folder of the onnxruntime-linux-x64-gpu release archive) with libonnxruntime_providers_shared.so " +
            "and libonnxruntime_providers_cuda.so beside it and matching CUDA and cuDNN libraries installed; or use the cpu or auto provider.";
        return new OrtException(cause.ErrorCode, message, cause);
    }

    /// <summary>The text on one line, ending with a full stop.</summary>
    private static string Sentence(string text)
    {
        string line = OneLine(text);
        return line.EndsWith('.') ? line : line + ".";
    }

    /// <summary>The text on one line (runtime messages may span several).</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
