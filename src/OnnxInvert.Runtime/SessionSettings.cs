namespace OnnxInvert.Runtime;

/// <summary>
/// How an <see cref="OrtSession"/> is created: threads, graph optimisation and execution provider. Every property is
/// checked when it is set, so an invalid value fails at the line that set it. A record: <c>with</c> copies it.
/// </summary>
public sealed record SessionSettings
{
    /// <summary>Threads used inside one operator; 0 (the default) lets ONNX Runtime choose (one per physical core).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int IntraOpThreads
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(IntraOpThreads));
            field = value;
        }
    }

    /// <summary>Threads used to run independent operators concurrently; 0 (the default) lets ONNX Runtime choose.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int InterOpThreads
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(InterOpThreads));
            field = value;
        }
    }

    /// <summary>How much the graph is optimised before it runs; <see cref="GraphOptimizationLevel.All"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined level.</exception>
    public GraphOptimizationLevel GraphOptimization
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(GraphOptimization), value, "The level must be one of Disabled, Basic, Extended, All.");
            }

            field = value;
        }
    } = GraphOptimizationLevel.All;

    /// <summary>
    /// Where the session runs when <see cref="Provider"/> is not set; <see cref="ExecutionProvider.Cpu"/> by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined provider, or is <see cref="ExecutionProvider.Other"/> (use <see cref="Provider"/>).</exception>
    public ExecutionProvider ExecutionProvider
    {
        get;
        init
        {
            if (!Enum.IsDefined(value) || value == ExecutionProvider.Other)
            {
                throw new ArgumentOutOfRangeException(nameof(ExecutionProvider), value, "The provider must be one of Cpu, Cuda, TensorRT, Auto; set Provider for any other.");
            }

            field = value;
        }
    }

    /// <summary>The CUDA device ordinal used with <see cref="ExecutionProvider"/> when <see cref="Provider"/> is not set; 0 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CudaDeviceId
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(CudaDeviceId));
            field = value;
        }
    }

    /// <summary>
    /// Any execution provider with its options (e.g. <c>ProviderSpec.Parse("cuda:device_id=1")</c>,
    /// <c>"openvino:device_type=CPU"</c>, <c>"auto:tensorrt,cuda,cpu"</c>); when set it replaces
    /// <see cref="ExecutionProvider"/> and <see cref="CudaDeviceId"/>. Null by default.
    /// </summary>
    public ProviderSpec? Provider { get; init; }

    /// <summary>The provider a session is created with: <see cref="Provider"/>, else the one <see cref="ExecutionProvider"/> names.</summary>
    internal ProviderSpec EffectiveProvider => Provider ?? ProviderSpec.From(ExecutionProvider, CudaDeviceId);

    /// <summary>
    /// Whether ONNX Runtime traces the first run's allocations to plan one block for the later runs (its memory
    /// pattern). Null (the default): off for the CPU, where it made no step faster and cost the first run of a long
    /// graph time growing with the square of the graph (9 s of a 120,000-node objective's first step), and the
    /// runtime's own default (on) for every other provider (docs/benchmarks.md, "Long graphs: the cause was our node
    /// order").
    /// </summary>
    public bool? MemoryPattern { get; init; }

    /// <summary>Whether a session on <paramref name="provider"/> uses the memory pattern: <see cref="MemoryPattern"/>, else on but for the CPU.</summary>
    internal bool MemoryPatternOn(ProviderSpec provider) => MemoryPattern ?? provider.Name != "cpu";

    /// <summary>
    /// When set, ONNX Runtime records how long every node ran and writes the record, a Chrome trace (JSON; open it in
    /// chrome://tracing or Perfetto), to <c>PREFIX_DATE_TIME.json</c> when the session is closed. Null (the default)
    /// records nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or blank.</exception>
    public string? ProfilePrefix
    {
        get;
        init => field = NullOrNonBlank(value, nameof(ProfilePrefix));
    }

    /// <summary>
    /// When set, ONNX Runtime writes the graph it actually runs, after its optimisations (fusions, layout changes,
    /// constant folding), to this ONNX file when the session is created. Null (the default) writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or blank.</exception>
    public string? OptimizedModelPath
    {
        get;
        init => field = NullOrNonBlank(value, nameof(OptimizedModelPath));
    }

    /// <summary>
    /// ONNX Runtime session configuration entries (<c>AddSessionConfigEntry</c>), such as
    /// <c>session.intra_op.allow_spinning = 0</c>, applied after the settings above. Empty by default. ONNX Runtime
    /// checks the values of the keys it knows when the session is created.
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty or blank.</exception>
    public IReadOnlyDictionary<string, string> ConfigEntries
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(ConfigEntries));
            if (value.Keys.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            {
                throw new ArgumentException("A session configuration key is empty.", nameof(ConfigEntries));
            }

            field = value;
        }
    } = new Dictionary<string, string>();

    /// <summary>
    /// Receives one-line notices about choices made on the caller's behalf, such as <see cref="ExecutionProvider.Auto"/>
    /// falling back to the CPU. Null (the default) discards them.
    /// </summary>
    public Action<string>? Notice { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"provider {EffectiveProvider}, intra-op threads {IntraOpThreads}, inter-op threads {InterOpThreads}, optimisation {GraphOptimization}"
        + (MemoryPattern is { } pattern ? $", memory pattern {(pattern ? "on" : "off")}" : string.Empty)
        + string.Concat(ConfigEntries.Select(entry => $", {entry.Key}={entry.Value}"));

    private static string? NullOrNonBlank(string? value, string name)
    {
        if (value is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        }

        return value;
    }
}
