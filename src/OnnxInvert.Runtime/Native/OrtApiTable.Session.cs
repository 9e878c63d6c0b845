namespace OnnxInvert.Runtime.Native;

/// <summary>Sessions: creation, input/output description, run options and Run.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [7] OrtStatus* CreateSession(const OrtEnv* env, const ORTCHAR_T* model_path, const OrtSessionOptions* options, OrtSession** out)
    //     ORTCHAR_T is char (UTF-8) on Linux and macOS, wchar_t (UTF-16) on Windows.
    public nint CreateSession(nint env, void* modelPath, nint options, nint* session) =>
        ((delegate* unmanaged<nint, void*, nint, nint*, nint>)_slots[7])(env, modelPath, options, session);

    // [8] OrtStatus* CreateSessionFromArray(const OrtEnv* env, const void* model_data, size_t model_data_length,
    //                                       const OrtSessionOptions* options, OrtSession** out)
    public nint CreateSessionFromArray(nint env, void* model, nuint length, nint options, nint* session) =>
        ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)_slots[8])(env, model, length, options, session);

    // [9] OrtStatus* Run(OrtSession* session, const OrtRunOptions* run_options,
    //                    const char* const* input_names, const OrtValue* const* inputs, size_t input_len,
    //                    const char* const* output_names, size_t output_names_len, OrtValue** outputs)
    //     A non-NULL outputs[i] is a preallocated value that ORT writes into; a NULL one receives a new OrtValue.
    public nint Run(nint session, nint runOptions, nint* inputNames, nint* inputs, nuint inputCount, nint* outputNames, nuint outputCount, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_slots[9])(
            session, runOptions, inputNames, inputs, inputCount, outputNames, outputCount, outputs);

    // [30] OrtStatus* SessionGetInputCount(const OrtSession* session, size_t* out)
    public nint SessionGetInputCount(nint session, nuint* count) =>
        ((delegate* unmanaged<nint, nuint*, nint>)_slots[30])(session, count);

    // [31] OrtStatus* SessionGetOutputCount(const OrtSession* session, size_t* out)
    public nint SessionGetOutputCount(nint session, nuint* count) =>
        ((delegate* unmanaged<nint, nuint*, nint>)_slots[31])(session, count);

    // [33] OrtStatus* SessionGetInputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info)
    public nint SessionGetInputTypeInfo(nint session, nuint index, nint* typeInfo) =>
        ((delegate* unmanaged<nint, nuint, nint*, nint>)_slots[33])(session, index, typeInfo);

    // [34] OrtStatus* SessionGetOutputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info)
    public nint SessionGetOutputTypeInfo(nint session, nuint index, nint* typeInfo) =>
        ((delegate* unmanaged<nint, nuint, nint*, nint>)_slots[34])(session, index, typeInfo);

    // [36] OrtStatus* SessionGetInputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value)
    //      The name is allocated with `allocator` and must be freed with AllocatorFree.
    public nint SessionGetInputName(nint session, nuint index, nint allocator, byte** name) =>
        ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)_slots[36])(session, index, allocator, name);

    // [37] OrtStatus* SessionGetOutputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value)
    public nint SessionGetOutputName(nint session, nuint index, nint allocator, byte** name) =>
        ((delegate* unmanaged<nint, nuint, nint, byte**, nint>)_slots[37])(session, index, allocator, name);

    // [39] OrtStatus* CreateRunOptions(OrtRunOptions** out)
    public nint CreateRunOptions(nint* runOptions) =>
        ((delegate* unmanaged<nint*, nint>)_slots[39])(runOptions);

    // [95] void ReleaseSession(OrtSession* input)
    public void ReleaseSession(nint session) =>
        ((delegate* unmanaged<nint, void>)_slots[95])(session);

    // [97] void ReleaseRunOptions(OrtRunOptions* input)
    public void ReleaseRunOptions(nint runOptions) =>
        ((delegate* unmanaged<nint, void>)_slots[97])(runOptions);
}
