using CommandLine;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Options;

/// <summary>Options every verb that runs a model accepts.</summary>
internal abstract class CommonOptions
{
    [Option("ort-lib", HelpText = "Path of the ONNX Runtime library to load (any ORT >= 1.20, e.g. an official GPU build). Default: $ONNXINVERT_ORT_LIB, then the bundled CPU build.")]
    public string? OrtLib { get; set; }

    [Option("provider", Default = "cpu", HelpText = "Execution provider: cpu, cuda, or auto (CUDA when its provider libraries load, else CPU).")]
    public string Provider { get; set; } = "cpu";

    [Option("threads", Default = 0, HelpText = "Intra-op threads (0 = ONNX Runtime's default).")]
    public int Threads { get; set; }

    /// <summary>The session settings these options describe.</summary>
    public SessionSettings Settings(Action<string> notice)
    {
        if (Threads < 0)
        {
            throw new UsageException($"--threads must be 0 or more, got {Threads}");
        }

        var provider = Provider.ToLowerInvariant() switch
        {
            "cpu" => ExecutionProvider.Cpu,
            "cuda" => ExecutionProvider.Cuda,
            "auto" => ExecutionProvider.Auto,
            _ => throw new UsageException($"--provider must be one of cpu, cuda, auto; got '{Provider}'"),
        };
        return new SessionSettings { IntraOpThreads = Threads, ExecutionProvider = provider, Notice = notice };
    }

    /// <summary>Loads the runtime library named by --ort-lib (or the default) before any session is made.</summary>
    public void LoadRuntime()
    {
        OrtLibrary.Load(string.IsNullOrWhiteSpace(OrtLib) ? null : OrtLib);
    }
}
