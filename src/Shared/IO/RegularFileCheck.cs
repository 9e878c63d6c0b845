using System.Runtime.InteropServices;
using System.Text;

namespace OnnxInvert.Shared.IO;

/// <summary>
/// Tells a regular file from a device, pipe, socket or folder before it is opened, so that <c>/dev/zero</c> is not read
/// until memory runs out and a named pipe without a writer does not block. Uses Linux <c>statx</c> (glibc 2.28+, musl
/// 1.2.5+), found in the process's global symbols; where it is missing the check is skipped and the readers' own size
/// limits still bound what is read. One source file compiled into OnnxInvert.Onnx and OnnxInvert.Imaging (a linked
/// <c>Compile</c> item in each project): the two assemblies reference neither each other nor a common library, and one
/// internal class of ~60 lines does not justify a shared assembly and package of its own.
/// </summary>
internal static unsafe class RegularFileCheck
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int StatxBufferSize = 256; // sizeof(struct statx), the same on every Linux architecture
    private const int ModeOffset = 28; // offsetof(struct statx, stx_mode)

    private static readonly delegate* unmanaged<int, byte*, int, uint, byte*, int> Statx = Resolve();

    /// <summary>What the path is when it is not a regular file ("a character device", "a named pipe (FIFO)", ...);
    /// null for a regular file, a missing path, or when the type cannot be told. Symbolic links are followed.</summary>
    public static string? DescribeNonRegular(string path)
    {
        if (Statx == null || path.Contains('\0'))
        {
            return null;
        }

        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        byte* buffer = stackalloc byte[StatxBufferSize];
        int rc;
        fixed (byte* p = name)
        {
            rc = Statx(AtFdCwd, p, 0, StatxType, buffer);
        }

        if (rc != 0)
        {
            return null; // missing or unreadable: opening the file reports it as the usual IOException
        }

        int type = *(ushort*)(buffer + ModeOffset) & 0xF000;
        return type switch
        {
            0x8000 => null,
            0x4000 => "a folder",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    private static delegate* unmanaged<int, byte*, int, uint, byte*, int> Resolve() =>
        OperatingSystem.IsLinux() && NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "statx", out nint address)
            ? (delegate* unmanaged<int, byte*, int, uint, byte*, int>)address
            : null;
}
