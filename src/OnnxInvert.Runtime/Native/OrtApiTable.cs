namespace OnnxInvert.Runtime.Native;

/// <summary>
/// The <c>OrtApi</c> function table of the loaded ONNX Runtime, read in place through the pointer that
/// <c>OrtGetApiBase()-&gt;GetApi(version)</c> returned: the struct is never copied, every call loads its slot and
/// invokes it as an unmanaged function pointer (no delegates, no marshalling stubs).
/// </summary>
/// <remarks>
/// Slot numbers are the 0-based positions of the function pointers in <c>struct OrtApi</c>
/// (<c>include/onnxruntime/core/session/onnxruntime_c_api.h</c>). The table only grows at its end, so every runtime
/// that serves <see cref="OrtLibrary.ApiVersion"/> has all the slots used here. The members are split by area over
/// the partial files <c>OrtApiTable.*.cs</c>; each states its C signature. Functions returning <c>OrtStatus*</c>
/// return it as <see cref="nint"/> and every caller hands it to <see cref="Check"/>.
/// </remarks>
internal sealed unsafe partial class OrtApiTable
{
    private readonly void** _slots;

    /// <summary>Wraps the table at <paramref name="table"/>, which must stay valid for the life of the process.</summary>
    public OrtApiTable(void* table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _slots = (void**)table;
    }
}
