using System.Runtime.InteropServices;
using System.Text;

namespace OnnxInvert.Runtime.Native;

/// <summary>NUL-terminated UTF-8 strings crossing the C boundary.</summary>
internal static unsafe class Utf8
{
    /// <summary>Decodes a NUL-terminated UTF-8 string; <see langword="null"/> for a NULL pointer.</summary>
    public static string? Read(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>
    /// Encodes <paramref name="text"/> with a terminating NUL into an array on the pinned object heap, so its address
    /// stays valid for as long as the array is referenced (no pinning handle to free).
    /// </summary>
    public static byte[] ToPinnedArray(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte[] bytes = GC.AllocateArray<byte>(length + 1, pinned: true);
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>The address of the first element of an array from <see cref="ToPinnedArray"/>.</summary>
    public static byte* AddressOf(byte[] pinned) => (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);

    /// <summary>
    /// Encodes <paramref name="text"/> with a terminating NUL into <paramref name="buffer"/> when it fits, else into a
    /// new array; returns the bytes written including the NUL.
    /// </summary>
    public static Span<byte> Encode(string text, Span<byte> buffer)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        Span<byte> target = length + 1 <= buffer.Length ? buffer[..(length + 1)] : new byte[length + 1];
        Encoding.UTF8.GetBytes(text, target);
        target[length] = 0;
        return target;
    }
}
