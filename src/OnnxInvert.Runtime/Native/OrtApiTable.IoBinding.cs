namespace OnnxInvert.Runtime.Native;

/// <summary>IO bindings: inputs and outputs bound once, run many times.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [133] OrtStatus* RunWithBinding(OrtSession* session, const OrtRunOptions* run_options, const OrtIoBinding* binding_ptr)
    public nint RunWithBinding(nint session, nint runOptions, nint binding) =>
        ((delegate* unmanaged<nint, nint, nint, nint>)_slots[133])(session, runOptions, binding);

    // [134] OrtStatus* CreateIoBinding(OrtSession* session, OrtIoBinding** out)
    public nint CreateIoBinding(nint session, nint* binding) =>
        ((delegate* unmanaged<nint, nint*, nint>)_slots[134])(session, binding);

    // [135] void ReleaseIoBinding(OrtIoBinding* input)
    public void ReleaseIoBinding(nint binding) =>
        ((delegate* unmanaged<nint, void>)_slots[135])(binding);

    // [136] OrtStatus* BindInput(OrtIoBinding* binding_ptr, const char* name, const OrtValue* val_ptr)
    public nint BindInput(nint binding, byte* name, nint value) =>
        ((delegate* unmanaged<nint, byte*, nint, nint>)_slots[136])(binding, name, value);

    // [137] OrtStatus* BindOutput(OrtIoBinding* binding_ptr, const char* name, const OrtValue* val_ptr)
    public nint BindOutput(nint binding, byte* name, nint value) =>
        ((delegate* unmanaged<nint, byte*, nint, nint>)_slots[137])(binding, name, value);

    // [138] OrtStatus* BindOutputToDevice(OrtIoBinding* binding_ptr, const char* name, const OrtMemoryInfo* mem_info_ptr)
    public nint BindOutputToDevice(nint binding, byte* name, nint memoryInfo) =>
        ((delegate* unmanaged<nint, byte*, nint, nint>)_slots[138])(binding, name, memoryInfo);

    // [140] OrtStatus* GetBoundOutputValues(const OrtIoBinding* binding_ptr, OrtAllocator* allocator,
    //                                      OrtValue*** output, size_t* output_count)
    //       The array is allocated with `allocator` (AllocatorFree); each OrtValue* is a new value the caller releases.
    //       With no outputs bound, *output is NULL and *output_count is 0.
    public nint GetBoundOutputValues(nint binding, nint allocator, nint** values, nuint* count) =>
        ((delegate* unmanaged<nint, nint, nint**, nuint*, nint>)_slots[140])(binding, allocator, values, count);

    // [141] void ClearBoundInputs(OrtIoBinding* binding_ptr)
    public void ClearBoundInputs(nint binding) =>
        ((delegate* unmanaged<nint, void>)_slots[141])(binding);

    // [142] void ClearBoundOutputs(OrtIoBinding* binding_ptr)
    public void ClearBoundOutputs(nint binding) =>
        ((delegate* unmanaged<nint, void>)_slots[142])(binding);
}
