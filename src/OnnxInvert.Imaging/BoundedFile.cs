using OnnxInvert.Shared.IO;

namespace OnnxInvert.Imaging;

/// <summary>Reads a whole file into memory after checking that it is a regular file (not a device, pipe or folder) and
/// within a size limit, so that file-system errors and limits are reported by us rather than by a native decoder.</summary>
internal static class BoundedFile
{
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (RegularFileCheck.DescribeNonRegular(path) is { } kind)
        {
            ImageThrowHelper.ThrowNotRegularFile(path, kind);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length > maxBytes)
        {
            ImageThrowHelper.ThrowFileTooLarge(path, length, maxBytes);
        }

        if (length == 0)
        {
            ImageThrowHelper.ThrowEmpty(path);
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
