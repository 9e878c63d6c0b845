namespace OnnxInvert.Runtime;

/// <summary>
/// How an <see cref="OrtSession"/> is created: threads, graph optimisation and execution provider. Every property is
/// checked when it is set, so an invalid value fails at the line that set it.
/// </summary>
public sealed class SessionSettings
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

    /// <summary>Where the session runs; <see cref="ExecutionProvider.Cpu"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined provider.</exception>
    public ExecutionProvider ExecutionProvider
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(ExecutionProvider), value, "The provider must be one of Cpu, Cuda, Auto.");
            }

            field = value;
        }
    }

    /// <summary>The CUDA device ordinal used by <see cref="ExecutionProvider.Cuda"/> and <see cref="ExecutionProvider.Auto"/>; 0 by default.</summary>
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
    /// Receives one-line notices about choices made on the caller's behalf, such as <see cref="ExecutionProvider.Auto"/>
    /// falling back to the CPU. Null (the default) discards them.
    /// </summary>
    public Action<string>? Notice { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"provider {ExecutionProvider} (CUDA device {CudaDeviceId}), intra-op threads {IntraOpThreads}, inter-op threads {InterOpThreads}, optimisation {GraphOptimization}";
}
