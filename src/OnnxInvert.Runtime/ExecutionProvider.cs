namespace OnnxInvert.Runtime;

/// <summary>
/// Where a session runs, for the common cases; <see cref="ProviderSpec"/> names any provider with options.
/// </summary>
public enum ExecutionProvider
{
    /// <summary>The CPU execution provider, present in every build.</summary>
    Cpu = 0,

    /// <summary>The CUDA execution provider; fails when the loaded library cannot provide it.</summary>
    Cuda = 1,

    /// <summary>CUDA when the loaded library and machine provide it, otherwise CPU (with one notice).</summary>
    Auto = 2,

    /// <summary>The TensorRT execution provider (GPU build with TensorRT installed); fails otherwise.</summary>
    TensorRT = 3,

    /// <summary>A session runs on a provider other than the above (reported by <see cref="OrtSession.Provider"/> only).</summary>
    Other = 4,
}
