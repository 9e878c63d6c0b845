using OnnxInvert.Onnx.IO;

namespace OnnxInvert.Onnx.Tests.IO;

public sealed class RegularFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void ReadAllText_SmallFile_ReturnsItsTextWithoutByteOrderMark()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("card.json"), [0xEF, 0xBB, 0xBF, .. "{\"a\": \"é\"}"u8]);

        Assert.Equal("{\"a\": \"é\"}", RegularFile.ReadAllText(folder.File("card.json"), 1000));
    }

    [Fact]
    public void ReadAllBytes_OverTheLimit_ThrowsIOExceptionNamingTheFile()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("big.json"), new byte[101]);

        var ex = Assert.Throws<IOException>(() => RegularFile.ReadAllBytes(folder.File("big.json"), 100));

        Assert.Equal($"{folder.File("big.json")}: the file has 101 bytes, over the limit of 100 bytes", ex.Message);
    }

    [Fact]
    public void ReadAllBytes_AtTheLimit_ReadsIt()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("exact.bin"), [1, 2, 3]);

        Assert.Equal([1, 2, 3], RegularFile.ReadAllBytes(folder.File("exact.bin"), 3));
    }

    [Fact]
    public void ReadAllBytes_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => RegularFile.ReadAllBytes(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), 10));
    }

    [LinuxFact]
    public void ReadAllBytes_CharacterDevice_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<IOException>(() => RegularFile.ReadAllBytes(SpecialFiles.Zero, 1 << 20));

        Assert.Equal("/dev/zero: not a regular file (it is a character device)", ex.Message);
    }

    [LinuxFact]
    public void ReadAllText_NamedPipe_IsRefusedWithoutBlocking()
    {
        using var folder = new TestModels.TempFolder();
        string fifo = SpecialFiles.MakeFifo(folder.File("model-card.json"));

        (Exception? error, _) = BoundedRun.Run(() => RegularFile.ReadAllText(fifo, 1 << 20), Limit, fifo);

        Assert.Contains("named pipe", Assert.IsType<IOException>(error).Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void DescribeNonRegular_TellsTheKinds()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllText(folder.File("f"), "x");

        Assert.Null(RegularFile.DescribeNonRegular(folder.File("f")));
        Assert.Null(RegularFile.DescribeNonRegular(folder.File("missing")));
        Assert.Equal("a folder", RegularFile.DescribeNonRegular(folder.Path));
        Assert.Equal("a character device", RegularFile.DescribeNonRegular(SpecialFiles.Zero));
        Assert.Equal("a named pipe (FIFO)", RegularFile.DescribeNonRegular(SpecialFiles.MakeFifo(folder.File("p"))));
    }

    [LinuxFact]
    public void TryReadAtMost_SizeReportedWrong_StopsOneBytePastTheLimit()
    {
        // /dev/zero reports size 0 and never ends: the fallback for hosts without statx must still stop.
        long allocated = 0;
        byte[]? bytes = [];
        long seen = 0;
        (Exception? error, allocated) = BoundedRun.Run(() => bytes = RegularFile.TryReadAtMost(SpecialFiles.Zero, 1 << 20, out seen), Limit, "/dev/zero");

        Assert.Null(error);
        Assert.Null(bytes);
        Assert.Equal(-1, seen);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes for a 1 MiB limit");
    }
}
