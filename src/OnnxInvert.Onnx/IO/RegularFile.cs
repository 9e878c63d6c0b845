using System.Text;
using OnnxInvert.Shared.IO;

namespace OnnxInvert.Onnx.IO;

/// <summary>
/// Reads whole files that a user names (a model, its card) with two guards: the path must be a regular file, not a
/// device such as <c>/dev/zero</c>, a named pipe or a folder; and at most a given number of bytes is read, whatever
/// size the file system reports.
/// </summary>
public static class RegularFile
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest size accepted.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is not a regular file or the file is larger than
    /// <paramref name="maxBytes"/>; the message names the file. Also the usual failures of opening and reading.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ThrowIfNotRegular(path);
        byte[]? bytes = TryReadAtMost(path, maxBytes, out long seen);
        return bytes ?? throw new IOException($"{path}: the file has {DescribeSize(seen, maxBytes)} bytes, over the limit of {maxBytes} bytes");
    }

    /// <summary>Reads the file at <paramref name="path"/> as UTF-8 text (a byte-order mark is skipped).</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest size accepted, in bytes.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is not a regular file or the file is larger than
    /// <paramref name="maxBytes"/>; the message names the file.</exception>
    public static string ReadAllText(string path, long maxBytes)
    {
        byte[] bytes = ReadAllBytes(path, maxBytes);
        ReadOnlySpan<byte> text = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>What <paramref name="path"/> is when it exists but is not a regular file ("a character device", "a named
    /// pipe (FIFO)", "a folder", ...); null for a regular file, a missing path, or where the type cannot be told.
    /// Symbolic links are followed.</summary>
    /// <param name="path">The path.</param>
    public static string? DescribeNonRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RegularFileCheck.DescribeNonRegular(path);
    }

    /// <summary>Throws an <see cref="IOException"/> naming the file when <paramref name="path"/> exists and is not a
    /// regular file.</summary>
    /// <param name="path">The path.</param>
    /// <exception cref="IOException">The path is a device, named pipe, socket or folder.</exception>
    public static void ThrowIfNotRegular(string path)
    {
        if (DescribeNonRegular(path) is { } kind)
        {
            throw new IOException($"{path}: not a regular file (it is {kind})");
        }
    }

    /// <summary>The file's bytes, or null when it holds more than <paramref name="maxBytes"/> (or more than one buffer
    /// can hold), with <paramref name="seen"/> its size, -1 when that is not known; reads at most one byte past the limit, so a file whose reported size is wrong (a device, a growing
    /// file) cannot exhaust memory.</summary>
    internal static byte[]? TryReadAtMost(string path, long maxBytes, out long seen)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long cap = Math.Min(maxBytes, Array.MaxLength - 1L);
        seen = stream.Length;
        if (seen > cap)
        {
            return null;
        }

        byte[] buffer = new byte[seen];
        int filled = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (filled < buffer.Length)
        {
            return buffer[..filled]; // it shrank while being read
        }

        int next = stream.ReadByte();
        if (next < 0)
        {
            return buffer; // the usual case: exactly the reported size
        }

        // More data than the file system reported: keep reading, but never past the limit.
        Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * (filled + 1), 4096), cap + 1));
        buffer[filled++] = (byte)next;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled > cap)
                {
                    seen = -1;
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, cap + 1));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                seen = filled;
                return buffer[..filled];
            }

            filled += read;
        }
    }

    /// <summary>"1234" for a known size, "more than LIMIT" for -1 (data kept coming past the limit).</summary>
    internal static string DescribeSize(long seen, long maxBytes) =>
        seen < 0 ? $"more than {maxBytes}" : seen.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
