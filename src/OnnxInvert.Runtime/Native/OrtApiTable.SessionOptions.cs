namespace OnnxInvert.Runtime.Native;

/// <summary>Session options: creation, graph optimisation and thread counts.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [10] OrtStatus* CreateSessionOptions(OrtSessionOptions** options)
    public nint CreateSessionOptions(nint* options) =>
        ((delegate* unmanaged<nint*, nint>)_slots[10])(options);

    // [23] OrtStatus* SetSessionGraphOptimizationLevel(OrtSessionOptions* options, GraphOptimizationLevel graph_optimization_level)
    public nint SetSessionGraphOptimizationLevel(nint options, GraphOptimizationLevel level) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[23])(options, (int)level);

    // [24] OrtStatus* SetIntraOpNumThreads(OrtSessionOptions* options, int intra_op_num_threads)
    public nint SetIntraOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[24])(options, threads);

    // [25] OrtStatus* SetInterOpNumThreads(OrtSessionOptions* options, int inter_op_num_threads)
    public nint SetInterOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[25])(options, threads);

    // [100] void ReleaseSessionOptions(OrtSessionOptions* input)
    public void ReleaseSessionOptions(nint options) =>
        ((delegate* unmanaged<nint, void>)_slots[100])(options);
}
