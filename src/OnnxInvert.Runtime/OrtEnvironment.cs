using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime;

/// <summary>
/// The process-wide ONNX Runtime environment (<c>OrtEnv</c>) that every session belongs to. Created on first use
/// (thread-safe; a failed creation is retried on the next use) and kept for the life of the process. The runtime logs
/// warnings and errors to standard error under <see cref="LogIdentifier"/>.
/// </summary>
public sealed class OrtEnvironment
{
    /// <summary>The identifier ONNX Runtime prints in front of its log lines.</summary>
    public const string LogIdentifier = "onnxinvert";

    private static readonly Lock Gate = new();
    private static volatile OrtEnvironment? s_instance;

    private OrtEnvironment(EnvHandle handle) => Handle = handle;

    /// <summary>The environment, created (and the library loaded) on first use.</summary>
    public static OrtEnvironment Instance => s_instance ?? Create();

    /// <summary>The native environment; never released before the process ends.</summary>
    internal EnvHandle Handle { get; }

    private static unsafe OrtEnvironment Create()
    {
        lock (Gate)
        {
            if (s_instance is { } existing)
            {
                return existing;
            }

            OrtApiTable api = OrtLibrary.Api;
            nint env;
            fixed (byte* logId = "onnxinvert\0"u8)
            {
                api.Check(api.CreateEnv(OrtLoggingLevel.Warning, logId, &env), "creating the ONNX Runtime environment");
            }

            var created = new OrtEnvironment(new EnvHandle(env));
            s_instance = created;
            return created;
        }
    }
}
