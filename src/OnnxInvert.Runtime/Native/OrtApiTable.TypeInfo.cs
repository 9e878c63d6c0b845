namespace OnnxInvert.Runtime.Native;

/// <summary>Type descriptions: element type, rank, dimensions and symbolic dimension names.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [55] OrtStatus* CastTypeInfoToTensorInfo(const OrtTypeInfo* type_info, const OrtTensorTypeAndShapeInfo** out)
    //      `out` is NULL when the type is not a tensor; it is borrowed from type_info and must not be released.
    public nint CastTypeInfoToTensorInfo(nint typeInfo, nint* tensorInfo) =>
        ((delegate* unmanaged<nint, nint*, nint>)_slots[55])(typeInfo, tensorInfo);

    // [56] OrtStatus* GetOnnxTypeFromTypeInfo(const OrtTypeInfo* type_info, enum ONNXType* out)
    public nint GetOnnxTypeFromTypeInfo(nint typeInfo, OnnxValueType* type) =>
        ((delegate* unmanaged<nint, OnnxValueType*, nint>)_slots[56])(typeInfo, type);

    // [60] OrtStatus* GetTensorElementType(const OrtTensorTypeAndShapeInfo* info, enum ONNXTensorElementDataType* out)
    public nint GetTensorElementType(nint info, TensorElementType* type) =>
        ((delegate* unmanaged<nint, TensorElementType*, nint>)_slots[60])(info, type);

    // [61] OrtStatus* GetDimensionsCount(const OrtTensorTypeAndShapeInfo* info, size_t* out)
    public nint GetDimensionsCount(nint info, nuint* count) =>
        ((delegate* unmanaged<nint, nuint*, nint>)_slots[61])(info, count);

    // [62] OrtStatus* GetDimensions(const OrtTensorTypeAndShapeInfo* info, int64_t* dim_values, size_t dim_values_length)
    //      Unknown dimensions read as -1.
    public nint GetDimensions(nint info, long* dims, nuint count) =>
        ((delegate* unmanaged<nint, long*, nuint, nint>)_slots[62])(info, dims, count);

    // [63] OrtStatus* GetSymbolicDimensions(const OrtTensorTypeAndShapeInfo* info, const char* dim_params[], size_t dim_params_length)
    //      Each entry is borrowed from info; "" for a dimension without a name.
    public nint GetSymbolicDimensions(nint info, byte** names, nuint count) =>
        ((delegate* unmanaged<nint, byte**, nuint, nint>)_slots[63])(info, names, count);

    // [64] OrtStatus* GetTensorShapeElementCount(const OrtTensorTypeAndShapeInfo* info, size_t* out)
    public nint GetTensorShapeElementCount(nint info, nuint* count) =>
        ((delegate* unmanaged<nint, nuint*, nint>)_slots[64])(info, count);

    // [98] void ReleaseTypeInfo(OrtTypeInfo* input)
    public void ReleaseTypeInfo(nint typeInfo) =>
        ((delegate* unmanaged<nint, void>)_slots[98])(typeInfo);

    // [99] void ReleaseTensorTypeAndShapeInfo(OrtTensorTypeAndShapeInfo* input)
    public void ReleaseTensorTypeAndShapeInfo(nint info) =>
        ((delegate* unmanaged<nint, void>)_slots[99])(info);
}
