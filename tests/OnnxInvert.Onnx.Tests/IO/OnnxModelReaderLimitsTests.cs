using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Tests.IO;

/// <summary>Model and external-data paths that are not regular files, and external-data entries whose numbers overflow.</summary>
public sealed class OnnxModelReaderLimitsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [LinuxFact]
    public void Read_CharacterDevice_IsRefusedWithoutReading()
    {
        (Exception? error, long allocated) = BoundedRun.Run(() => OnnxModelReader.Read(SpecialFiles.Zero), Limit, SpecialFiles.Zero);

        var ex = Assert.IsType<OnnxModelException>(error);
        Assert.Equal("/dev/zero: not a regular file (it is a character device); a model is read from an .onnx file", ex.Message);
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
    }

    [LinuxFact]
    public void Read_NamedPipe_IsRefusedWithoutBlocking()
    {
        using var folder = new TestModels.TempFolder();
        string fifo = SpecialFiles.MakeFifo(folder.File("m.onnx"));

        (Exception? error, _) = BoundedRun.Run(() => OnnxModelReader.Read(fifo), Limit, fifo);

        Assert.Contains("named pipe", Assert.IsType<OnnxModelException>(error).Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Read_Folder_IsRefusedNamingIt()
    {
        using var folder = new TestModels.TempFolder();

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.Path));

        Assert.StartsWith(folder.Path + ": not a regular file (it is a folder)", ex.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Read_ExternalDataInANamedPipe_IsRefusedWithoutBlocking()
    {
        using var folder = new TestModels.TempFolder();
        SpecialFiles.MakeFifo(folder.File("weights.bin"));
        WriteWithExternalW(folder, "weights.bin", "0", "24");

        (Exception? error, _) = BoundedRun.Run(() => OnnxModelReader.Read(folder.File("m.onnx")), Limit, "fifo");

        var ex = Assert.IsType<OnnxModelException>(error);
        Assert.Contains("'weights.bin' of tensor 'W' is not a regular file (it is a named pipe (FIFO))", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExternalDataOffsetBeyondTheFile_SaysSoWithoutNegativeNumbers()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("w.bin"), new byte[24]);
        WriteWithExternalW(folder, "w.bin", "9223372036854775000", "24");

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));

        Assert.Contains("offset 9223372036854775000 of 'w.bin', which has only 24 bytes", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-", ex.Message.Replace(folder.Path, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExternalDataEndOverflowingALong_ShowsTheTrueEnd()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("w.bin"), new byte[24]);
        WriteWithExternalW(folder, "w.bin", "8", "9223372036854775807");

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));

        // 8 + (2^63 - 1) = 9223372036854775815, past long.MaxValue.
        Assert.Contains("wants bytes [8, 9223372036854775815) of 'w.bin', which has only 24 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { -3, 2 }, "negative dimension")]
    [InlineData(new long[] { 4611686018427387904, 4 }, "too many elements")]
    public void Read_ExternalTensorWithBadShape_Throws(long[] dims, string reason)
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("w.bin"), new byte[24]);
        WriteWithExternalW(folder, "w.bin", "0", "24", w =>
        {
            w.Dims.Clear();
            w.Dims.AddRange(dims);
        });

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'W'", ex.Message, StringComparison.Ordinal);
    }

    internal static void WriteWithExternalW(TestModels.TempFolder folder, string location, string offset, string length, Action<TensorProto>? edit = null)
    {
        var model = TestModels.Affine();
        var w = model.Graph.Initializer.Single(t => t.Name == "W");
        w.ClearRawData();
        w.FloatData.Clear();
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset });
        w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length });
        w.DataLocation = TensorProto.Types.DataLocation.External;
        edit?.Invoke(w);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));
    }
}
