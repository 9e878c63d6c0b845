namespace OnnxInvert.Runtime;

/// <summary>Where a session runs.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU execution provider, present in every build.</summary>
    Cpu = 0,

    /// <summary>The CUDA execution provider; fails when the loaded library cannot provide it.</summary>
    Cuda = 1,

    /// <summary>CUDA when the loaded library and machine provide it, otherwise CPU (with one notice).</summary>
    Auto = 2,
}
