using System.Text;
using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests.Npy;

/// <summary>Hostile NPY files: headers that lie about their size, shapes out of range, and paths that are not files.</summary>
public sealed class NpyFileLimitsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void NpyFormatException_IsAFormatException()
    {
        // The CLI reports FormatException as a clean error (exit 1, no stack trace).
        Assert.IsAssignableFrom<FormatException>(new NpyFormatException("a.npy", "bad"));
    }

    [Fact]
    public void Read_ShapeFarLargerThanTheData_FailsBeforeAllocatingForIt()
    {
        using var temp = new TempFolder();
        // 536,870,000 float32 = 2 GiB claimed, 24 bytes present.
        byte[] bytes = BuildV1("{'descr': '<f4', 'fortran_order': False, 'shape': (536870000,), }", dataBytes: 24);
        string path = temp.WriteFile("liar.npy", bytes);

        (Exception? fromFile, long fileBytes) = BoundedRun.Run(() => NpyFile.Read(path), Limit, "file");
        (Exception? fromStream, long streamBytes) = BoundedRun.Run(() => NpyFile.Read(new ForwardOnlyStream(bytes), "pipe"), Limit, "stream");

        Assert.Contains("truncated", Assert.IsType<NpyFormatException>(fromFile).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.IsType<NpyFormatException>(fromStream).Message, StringComparison.Ordinal);
        Assert.True(fileBytes < 1 << 20, $"allocated {fileBytes} bytes");
        Assert.True(streamBytes < 4 << 20, $"allocated {streamBytes} bytes");
    }

    [Fact]
    public void Read_HeaderLengthBeyondTheFile_FailsBeforeAllocatingForIt()
    {
        using var temp = new TempFolder();
        byte[] bytes = [0x93, .. "NUMPY"u8, 2, 0, 0, 0, 0x10, 0, .. "{'descr': '<f4'}"u8]; // claims a 1 MiB header
        string path = temp.WriteFile("long-header.npy", bytes);

        (Exception? error, long allocated) = BoundedRun.Run(() => NpyFile.Read(path), Limit, "file");

        var ex = Assert.IsType<NpyFormatException>(error);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1048576", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 256 << 10, $"allocated {allocated} bytes (the file stream's buffer is 64 KiB)");
    }

    [Fact]
    public void Read_HeaderLengthOverTheLimit_Throws()
    {
        using var stream = new MemoryStream([0x93, .. "NUMPY"u8, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF]);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "huge-header.npy"));

        Assert.Contains("4294967295 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(2147483648,)", "out of range")]
    [InlineData("(99999999999999999999,)", "too large")]
    [InlineData("(65536, 65536)", "too large to load")]
    [InlineData("(0, 4294967296)", "out of range")]
    public void Read_ShapeOutOfRange_Throws(string shape, string reason)
    {
        using var stream = new MemoryStream(BuildV1($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", dataBytes: 0));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "shape.npy"));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreThan64Dimensions_Throws()
    {
        string shape = "(" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")";
        using var stream = new MemoryStream(BuildV1($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}", dataBytes: 4));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "deep.npy"));

        Assert.Contains("65 dimensions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepeatedKey_Throws()
    {
        using var stream = new MemoryStream(BuildV1("{'descr': '<f4', 'shape': (1,), 'fortran_order': False, 'shape': (2,), }", dataBytes: 8));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "twice.npy"));

        Assert.Contains("'shape' appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedPreamble_SaysTruncated()
    {
        using var stream = new MemoryStream([0x93, .. "NUMPY"u8, 1]);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "cut.npy"));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Read_CharacterDevice_IsRefusedWithoutReading()
    {
        (Exception? error, long allocated) = BoundedRun.Run(() => NpyFile.Read(SpecialFiles.Zero), Limit, SpecialFiles.Zero);

        var ex = Assert.IsType<NpyFormatException>(error);
        Assert.Equal(SpecialFiles.Zero + ": not a regular file (it is a character device); NPY arrays are read from regular files", ex.Message);
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
    }

    [LinuxFact]
    public void Read_NamedPipeWithoutWriter_IsRefusedWithoutBlocking()
    {
        using var temp = new TempFolder();
        string fifo = SpecialFiles.MakeFifo(temp.File("pipe.npy"));

        (Exception? error, _) = BoundedRun.Run(() => NpyFile.Read(fifo), Limit, fifo);

        Assert.Contains("it is a named pipe (FIFO)", Assert.IsType<NpyFormatException>(error).Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Read_Folder_IsRefused()
    {
        using var temp = new TempFolder();

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(temp.Path));

        Assert.Contains("it is a folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => NpyFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".npy")));
    }

    private static byte[] BuildV1(string header, int dataBytes)
    {
        string padded = header.PadRight(((header.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)(padded.Length & 0xFF), (byte)(padded.Length >> 8), .. Encoding.ASCII.GetBytes(padded), .. new byte[dataBytes]];
    }

    /// <summary>A stream that cannot seek, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
