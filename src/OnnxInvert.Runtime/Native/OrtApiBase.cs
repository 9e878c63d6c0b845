namespace OnnxInvert.Runtime.Native;

/// <summary>
/// The entry structure <c>OrtGetApiBase()</c> returns:
/// <c>struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }</c>.
/// Read in place through the pointer.
/// </summary>
internal readonly unsafe struct OrtApiBase
{
    private readonly void** _slots;

    private OrtApiBase(void** slots) => _slots = slots;

    /// <summary>Calls the library's <c>OrtGetApiBase</c> export at <paramref name="export"/>.</summary>
    public static OrtApiBase FromExport(nint export)
    {
        // const OrtApiBase* OrtGetApiBase(void)
        void** slots = ((delegate* unmanaged<void**>)export)();
        return slots is null
            ? throw new InvalidOperationException("OrtGetApiBase() returned NULL")
            : new OrtApiBase(slots);
    }

    /// <summary><c>const OrtApi* GetApi(uint32_t version)</c>: NULL when <paramref name="version"/> is newer than the library.</summary>
    public void* GetApi(uint version) => ((delegate* unmanaged<uint, void*>)_slots[0])(version);

    /// <summary><c>const char* GetVersionString(void)</c>, e.g. "1.31.1".</summary>
    public string GetVersionString() => Utf8.Read(((delegate* unmanaged<byte*>)_slots[1])()) ?? "unknown";
}
