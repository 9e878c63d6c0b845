namespace OnnxInvert.Runtime.Native;

/// <summary>Tensor values: creation over caller memory or an allocator, data access, type and shape.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [48] OrtStatus* CreateTensorAsOrtValue(OrtAllocator* allocator, const int64_t* shape, size_t shape_len,
    //                                       ONNXTensorElementDataType type, OrtValue** out)
    public nint CreateTensorAsOrtValue(nint allocator, long* shape, nuint rank, TensorElementType type, nint* value) =>
        ((delegate* unmanaged<nint, long*, nuint, TensorElementType, nint*, nint>)_slots[48])(allocator, shape, rank, type, value);

    // [49] OrtStatus* CreateTensorWithDataAsOrtValue(const OrtMemoryInfo* info, void* p_data, size_t p_data_len,
    //                                               const int64_t* shape, size_t shape_len,
    //                                               ONNXTensorElementDataType type, OrtValue** out)
    //      The value borrows p_data (p_data_len is in bytes); the caller keeps it alive and in place.
    public nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint byteLength, long* shape, nuint rank, TensorElementType type, nint* value) =>
        ((delegate* unmanaged<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint>)_slots[49])(
            memoryInfo, data, byteLength, shape, rank, type, value);

    // [51] OrtStatus* GetTensorMutableData(OrtValue* value, void** out)
    public nint GetTensorMutableData(nint value, void** data) =>
        ((delegate* unmanaged<nint, void**, nint>)_slots[51])(value, data);

    // [65] OrtStatus* GetTensorTypeAndShape(const OrtValue* value, OrtTensorTypeAndShapeInfo** out)
    //      `out` is owned by the caller: ReleaseTensorTypeAndShapeInfo.
    public nint GetTensorTypeAndShape(nint value, nint* info) =>
        ((delegate* unmanaged<nint, nint*, nint>)_slots[65])(value, info);

    // [67] OrtStatus* GetValueType(const OrtValue* value, enum ONNXType* out)
    public nint GetValueType(nint value, OnnxValueType* type) =>
        ((delegate* unmanaged<nint, OnnxValueType*, nint>)_slots[67])(value, type);

    // [194] OrtStatus* GetTensorMemoryInfo(const OrtValue* value, const OrtMemoryInfo** mem_info)
    //       The memory info is borrowed from the value and must not be released.
    public nint GetTensorMemoryInfo(nint value, nint* memoryInfo) =>
        ((delegate* unmanaged<nint, nint*, nint>)_slots[194])(value, memoryInfo);

    // [96] void ReleaseValue(OrtValue* input)
    public void ReleaseValue(nint value) =>
        ((delegate* unmanaged<nint, void>)_slots[96])(value);
}
