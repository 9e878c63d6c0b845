using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OnnxInvert.Runtime.Native;

/// <summary>Status objects and the one checker every <c>OrtStatus*</c> goes through.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [0] OrtStatus* CreateStatus(OrtErrorCode code, const char* msg)
    public nint CreateStatus(OrtErrorCode code, byte* message) =>
        ((delegate* unmanaged<int, byte*, nint>)_slots[0])((int)code, message);

    // [1] OrtErrorCode GetErrorCode(const OrtStatus* status)
    public OrtErrorCode GetErrorCode(nint status) =>
        (OrtErrorCode)((delegate* unmanaged<nint, int>)_slots[1])(status);

    // [2] const char* GetErrorMessage(const OrtStatus* status)
    public byte* GetErrorMessage(nint status) =>
        ((delegate* unmanaged<nint, byte*>)_slots[2])(status);

    // [93] void ReleaseStatus(OrtStatus* input)
    public void ReleaseStatus(nint status) =>
        ((delegate* unmanaged<nint, void>)_slots[93])(status);

    /// <summary>
    /// Returns when <paramref name="status"/> is NULL (success); otherwise reads its code and message, releases it,
    /// and throws an <see cref="OrtException"/> that says what was being done.
    /// </summary>
    /// <param name="status">The <c>OrtStatus*</c> a table function returned.</param>
    /// <param name="doing">What the call was for, e.g. "loading model '/models/g.onnx'" (no allocation on success).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Check(nint status, string doing)
    {
        if (status != 0)
        {
            ThrowFor(status, doing);
        }
    }

    /// <summary>Reads and releases a failed status, returning it as an exception instead of throwing it.</summary>
    private OrtException ToException(nint status, string doing)
    {
        OrtErrorCode code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = Utf8.Read(GetErrorMessage(status)) ?? string.Empty;
        }
        finally
        {
            ReleaseStatus(status);
        }

        return OrtException.FromStatus(code, doing, message);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowFor(nint status, string doing) => throw ToException(status, doing);
}
