using System.Runtime.InteropServices;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Handles;

/// <summary>
/// Base of the handles to ONNX Runtime objects. An owned handle releases its object exactly once (on dispose, or by
/// the finalizer when dispose was forgotten); a borrowed one (<c>owned: false</c>) never does. While a native call
/// uses a handle, <see cref="SafeHandle.DangerousAddRef"/> keeps a concurrent dispose from freeing it mid-call.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    /// <summary>Wraps <paramref name="handle"/>; <paramref name="owned"/> says whether this wrapper releases it.</summary>
    protected OrtHandle(nint handle, bool owned)
        : base(invalidHandleValue: 0, ownsHandle: owned)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The function table; any handle that exists was made through the loaded library.</summary>
    protected static OrtApiTable Api => OrtLibrary.Api;
}
