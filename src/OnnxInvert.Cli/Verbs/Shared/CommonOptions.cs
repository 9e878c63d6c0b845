using CommandLine;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Options every verb that runs a model accepts.</summary>
internal abstract class CommonOptions
{
    /// <summary>Sets every option to its declared default (<see cref="OptionDefaults"/>).</summary>
    protected CommonOptions() => OptionDefaults.Apply(this);

    /// <summary>The accepted values of --provider, for help and error text.</summary>
    public const string ProviderValues = "NAME[:KEY=VALUE,...] (cpu, cuda, tensorrt, openvino, qnn, xnnpack, ... or a full ORT provider name) or auto[:NAME,...]";

    [Option("ort-lib", HelpText = "Path of the ONNX Runtime library to load (any ORT >= 1.20, e.g. an official GPU build). Default: $ONNXINVERT_ORT_LIB, then the one restored from NuGet (CPU; -p:OnnxInvertOrt=gpu for CUDA).")]
    public string? OrtLib { get; set; }

    [Option("provider", Default = "cpu", HelpText = "Execution provider NAME[:KEY=VALUE,...]: cpu, cuda (e.g. cuda:device_id=1,gpu_mem_limit=4294967296), tensorrt (e.g. tensorrt:trt_engine_cache_enable=1,trt_engine_cache_path=cache), openvino, qnn, xnnpack, coreml, webgpu, ... or any full ONNX Runtime provider name; auto[:NAME,...] takes the first that works (default auto:cuda,cpu) and says why the others were not taken.")]
    public string Provider { get; set; } = null!;

    [Option("threads", Default = 0, HelpText = "Intra-op threads (0 = ONNX Runtime's default).")]
    public int Threads { get; set; }

    [Option("ort-profile", HelpText = "Write ONNX Runtime's per-node timings (a Chrome trace, PREFIX_DATE_TIME.json) for every session this command creates.")]
    public string? OrtProfile { get; set; }

    [Option("ort-optimization", HelpText = "ONNX Runtime's graph optimisation level: disabled, basic, extended or all. Default: all.")]
    public GraphOptimizationLevel? OrtOptimization { get; set; }

    [Option("ort-config", HelpText = "ONNX Runtime session configuration entries as KEY=VALUE, e.g. session.intra_op.allow_spinning=0.")]
    public IEnumerable<string> OrtConfig { get; set; } = [];

    /// <summary>
    /// What is wrong with the option values, one message per problem, each naming the option and its valid values;
    /// empty when the options can be used. Runs before any file is read.
    /// </summary>
    public virtual IEnumerable<string> Validate()
    {
        if (Threads < 0)
        {
            yield return $"--threads must be 0 (ONNX Runtime's default) or a positive number of threads; got {Threads}";
        }

        if (!ProviderSpec.TryParse(Provider, out _, out string providerError))
        {
            yield return $"--provider takes {ProviderValues}: {providerError}";
        }

        if (OrtProfile is not null && string.IsNullOrWhiteSpace(OrtProfile))
        {
            yield return "--ort-profile needs a file prefix, e.g. --ort-profile out/profile";
        }

        foreach (string entry in OrtConfig.Where(entry => ParseConfigEntry(entry) is null))
        {
            yield return $"--ort-config takes KEY=VALUE with a non-empty key, e.g. session.intra_op.allow_spinning=0; got '{entry}'";
        }
    }

    /// <summary>The session settings these options describe; call after <see cref="Validate"/> found nothing.</summary>
    public SessionSettings Settings(Action<string> notice)
    {
        WarnUnknownConfigKeys(notice);
        return SessionFor(notice);
    }

    private SessionSettings SessionFor(Action<string> notice)
    {
        var settings = WithoutLevel(notice);
        return OrtOptimization is { } level ? settings with { GraphOptimization = level } : settings;
    }

    private SessionSettings WithoutLevel(Action<string> notice) => new()
    {
        IntraOpThreads = CappedThreads(notice),
        Provider = ProviderSpec.TryParse(Provider, out ProviderSpec? provider, out string error) ? provider : throw new UsageException($"--provider takes {ProviderValues}: {error}"),
        ProfilePrefix = string.IsNullOrWhiteSpace(OrtProfile) ? null : OrtProfile,
        ConfigEntries = OrtConfig.Select(ParseConfigEntry).OfType<KeyValuePair<string, string>>()
            .GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.Ordinal),
        Notice = notice,
    };

    /// <summary>The prefixes of ONNX Runtime's session configuration keys (onnxruntime_session_options_config_keys.h and the providers').</summary>
    private static readonly string[] ConfigKeyPrefixes = ["session.", "optimization.", "ep.", "mlas.", "gpu."];

    /// <summary>ONNX Runtime accepts any key and ignores those it does not know: say so for a key outside its namespaces (a typo, most likely).</summary>
    private void WarnUnknownConfigKeys(Action<string> notice)
    {
        foreach (string key in OrtConfig.Select(ParseConfigEntry).OfType<KeyValuePair<string, string>>().Select(e => e.Key).Distinct(StringComparer.Ordinal))
        {
            if (!ConfigKeyPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
            {
                notice($"warning: --ort-config key '{key}' is not in ONNX Runtime's namespaces ({string.Join(", ", ConfigKeyPrefixes.Select(p => p + "*"))}); ONNX Runtime ignores keys it does not know");
            }
        }
    }

    /// <summary>--threads, at most the machine's cores (more only slows every step down); says so when it caps.</summary>
    private int CappedThreads(Action<string> notice)
    {
        int cores = Environment.ProcessorCount;
        if (Threads <= cores)
        {
            return Threads;
        }

        notice($"--threads {Threads} is more than the {cores} cores of this machine; using {cores}");
        return cores;
    }

    /// <summary>Loads the runtime library named by --ort-lib (or the default) before any session is made.</summary>
    public void LoadRuntime() => OrtLibrary.Load(string.IsNullOrWhiteSpace(OrtLib) ? null : OrtLib);

    private static KeyValuePair<string, string>? ParseConfigEntry(string entry)
    {
        int equals = entry.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 || string.IsNullOrWhiteSpace(entry[..equals])
            ? null
            : new KeyValuePair<string, string>(entry[..equals].Trim(), entry[(equals + 1)..].Trim());
    }
}
