namespace OnnxInvert.Runtime.Native;

/// <summary>Session options: creation, graph optimisation, memory pattern, thread counts, profiling and configuration entries.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [10] OrtStatus* CreateSessionOptions(OrtSessionOptions** options)
    public nint CreateSessionOptions(nint* options) =>
        ((delegate* unmanaged<nint*, nint>)_slots[10])(options);

    // [11] OrtStatus* SetOptimizedModelFilePath(OrtSessionOptions* options, const ORTCHAR_T* optimized_model_filepath)
    public nint SetOptimizedModelFilePath(nint options, void* path) =>
        ((delegate* unmanaged<nint, void*, nint>)_slots[11])(options, path);

    // [14] OrtStatus* EnableProfiling(OrtSessionOptions* options, const ORTCHAR_T* profile_file_prefix)
    public nint EnableProfiling(nint options, void* prefix) =>
        ((delegate* unmanaged<nint, void*, nint>)_slots[14])(options, prefix);

    // [16] OrtStatus* EnableMemPattern(OrtSessionOptions* options)
    public nint EnableMemPattern(nint options) =>
        ((delegate* unmanaged<nint, nint>)_slots[16])(options);

    // [17] OrtStatus* DisableMemPattern(OrtSessionOptions* options)
    public nint DisableMemPattern(nint options) =>
        ((delegate* unmanaged<nint, nint>)_slots[17])(options);

    // [23] OrtStatus* SetSessionGraphOptimizationLevel(OrtSessionOptions* options, GraphOptimizationLevel graph_optimization_level)
    public nint SetSessionGraphOptimizationLevel(nint options, GraphOptimizationLevel level) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[23])(options, (int)level);

    // [24] OrtStatus* SetIntraOpNumThreads(OrtSessionOptions* options, int intra_op_num_threads)
    public nint SetIntraOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[24])(options, threads);

    // [25] OrtStatus* SetInterOpNumThreads(OrtSessionOptions* options, int inter_op_num_threads)
    public nint SetInterOpNumThreads(nint options, int threads) =>
        ((delegate* unmanaged<nint, int, nint>)_slots[25])(options, threads);

    // [130] OrtStatus* AddSessionConfigEntry(OrtSessionOptions* options, const char* config_key, const char* config_value)
    public nint AddSessionConfigEntry(nint options, byte* key, byte* value) =>
        ((delegate* unmanaged<nint, byte*, byte*, nint>)_slots[130])(options, key, value);

    // [100] void ReleaseSessionOptions(OrtSessionOptions* input)
    public void ReleaseSessionOptions(nint options) =>
        ((delegate* unmanaged<nint, void>)_slots[100])(options);
}
