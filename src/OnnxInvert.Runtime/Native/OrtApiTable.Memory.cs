namespace OnnxInvert.Runtime.Native;

/// <summary>Memory descriptions and the default CPU allocator.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [68] OrtStatus* CreateMemoryInfo(const char* name, enum OrtAllocatorType type, int id, enum OrtMemType mem_type, OrtMemoryInfo** out)
    public nint CreateMemoryInfo(byte* name, OrtAllocatorType type, int deviceId, OrtMemType memType, nint* info) =>
        ((delegate* unmanaged<byte*, int, int, int, nint*, nint>)_slots[68])(name, (int)type, deviceId, (int)memType, info);

    // [69] OrtStatus* CreateCpuMemoryInfo(enum OrtAllocatorType type, enum OrtMemType mem_type, OrtMemoryInfo** out)
    public nint CreateCpuMemoryInfo(OrtAllocatorType type, OrtMemType memType, nint* info) =>
        ((delegate* unmanaged<int, int, nint*, nint>)_slots[69])((int)type, (int)memType, info);

    // [71] OrtStatus* MemoryInfoGetName(const OrtMemoryInfo* ptr, const char** out)
    //      The name is borrowed from the memory info ("Cpu", "Cuda", "CudaPinned", ...).
    public nint MemoryInfoGetName(nint info, byte** name) =>
        ((delegate* unmanaged<nint, byte**, nint>)_slots[71])(info, name);

    // [72] OrtStatus* MemoryInfoGetId(const OrtMemoryInfo* ptr, int* out)
    public nint MemoryInfoGetId(nint info, int* id) =>
        ((delegate* unmanaged<nint, int*, nint>)_slots[72])(info, id);

    // [76] OrtStatus* AllocatorFree(OrtAllocator* ort_allocator, void* p)
    public nint AllocatorFree(nint allocator, void* block) =>
        ((delegate* unmanaged<nint, void*, nint>)_slots[76])(allocator, block);

    // [78] OrtStatus* GetAllocatorWithDefaultOptions(OrtAllocator** out)
    //      The allocator belongs to ORT and is never released.
    public nint GetAllocatorWithDefaultOptions(nint* allocator) =>
        ((delegate* unmanaged<nint*, nint>)_slots[78])(allocator);

    // [94] void ReleaseMemoryInfo(OrtMemoryInfo* input)
    public void ReleaseMemoryInfo(nint info) =>
        ((delegate* unmanaged<nint, void>)_slots[94])(info);
}
