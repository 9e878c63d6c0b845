using Google.Protobuf;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Onnx.Tests.IO;

public sealed class OnnxModelReaderTests
{
    [Fact]
    public void WriteThenRead_Model_IsEqual()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        string path = folder.File("affine.onnx");

        OnnxModelWriter.Write(model, path);
        var read = OnnxModelReader.Read(path);

        Assert.Equal(model, read);
        Assert.Equal(OnnxModelWriter.ToBytes(model), File.ReadAllBytes(path));
    }

    [Fact]
    public void Parse_UnknownFields_ArePreservedOnWrite()
    {
        byte[] original = OnnxModelWriter.ToBytes(TestModels.Affine());
        // Append field 99 (length-delimited, "future") that our schema does not declare.
        byte[] extra = [(99 << 3 | 2) & 0x7F | 0x80, (99 << 3 | 2) >> 7, 6, (byte)'f', (byte)'u', (byte)'t', (byte)'u', (byte)'r', (byte)'e'];
        byte[] withUnknown = [.. original, .. extra];

        var model = OnnxModelReader.Parse(withUnknown);
        byte[] rewritten = OnnxModelWriter.ToBytes(model);

        Assert.Equal(withUnknown.Length, rewritten.Length);
        Assert.EndsWith("future", System.Text.Encoding.ASCII.GetString(rewritten));
    }

    [Fact]
    public void Parse_Garbage_ThrowsNamingTheSource()
    {
        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Parse(new byte[] { 0xFF, 0xFF, 0xFF, 0x01 }, "junk.onnx"));
        Assert.Contains("junk.onnx", ex.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => OnnxModelReader.Read("no-such-model.onnx"));
        Assert.Contains("no-such-model.onnx", ex.Message);
    }

    [Fact]
    public void Read_FileOverTheLimit_Throws()
    {
        using var folder = new TestModels.TempFolder();
        string path = folder.File("m.onnx");
        OnnxModelWriter.Write(TestModels.Affine(), path);

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(path, new ModelReadOptions { MaxModelBytes = 10 }));
        Assert.Contains("over the limit", ex.Message);
    }

    [Fact]
    public void Read_ExternalDataInsideFolder_IsLoadedInline()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        float[] weights = [1, 2, 3, 4, 5, 6];
        WriteExternal(folder, model, "weights.bin", weights, offset: 16);

        var read = OnnxModelReader.Read(folder.File("m.onnx"));

        var w = read.Graph.Initializer.Single(t => t.Name == "W");
        Assert.Equal(weights, TensorProtoReader.ToFloats(w));
        Assert.Empty(w.ExternalData);
        Assert.NotEqual(TensorProto.Types.DataLocation.External, w.DataLocation);
    }

    [Theory]
    [InlineData("../outside.bin", "contains '..'")]
    [InlineData("sub/../../outside.bin", "contains '..'")]
    [InlineData("/etc/passwd", "absolute path")]
    public void Read_ExternalDataEscapingFolder_IsRejected(string location, string reason)
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), location, 0, 24);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));
        Assert.Contains(reason, ex.Message);
        Assert.Contains(location, ex.Message);
        Assert.Contains("'W'", ex.Message);
    }

    [Fact]
    public void Read_ExternalDataThroughLinkLeavingFolder_IsRejected()
    {
        using var outside = new TestModels.TempFolder();
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(outside.File("secret.bin"), new byte[24]);
        File.CreateSymbolicLink(folder.File("weights.bin"), outside.File("secret.bin"));
        var model = TestModels.Affine();
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), "weights.bin", 0, 24);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));
        Assert.Contains("outside the model's folder", ex.Message);
    }

    [Fact]
    public void Read_ExternalDataThroughLinkInsideFolder_IsAccepted()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        WriteExternal(folder, model, "real.bin", [1, 2, 3, 4, 5, 6], offset: 0);
        File.CreateSymbolicLink(folder.File("alias.bin"), folder.File("real.bin"));
        var w = model.Graph.Initializer.Single(t => t.Name == "W");
        MakeExternal(w, "alias.bin", 0, 24);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var read = OnnxModelReader.Read(folder.File("m.onnx"));

        Assert.Equal([1f, 2, 3, 4, 5, 6], TensorProtoReader.ToFloats(read.Graph.Initializer.Single(t => t.Name == "W")));
    }

    [Fact]
    public void Read_ExternalDataBeyondEndOfFile_Throws()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        File.WriteAllBytes(folder.File("short.bin"), new byte[10]);
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), "short.bin", 0, 24);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));
        Assert.Contains("short.bin", ex.Message);
        Assert.Contains("only 10 bytes", ex.Message);
    }

    [Fact]
    public void Read_ExternalDataOfWrongLength_Throws()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        File.WriteAllBytes(folder.File("w.bin"), new byte[40]);
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), "w.bin", 0, 20);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));
        Assert.Contains("24 bytes", ex.Message);
    }

    [Fact]
    public void Read_MissingExternalFile_ThrowsNamingIt()
    {
        using var folder = new TestModels.TempFolder();
        var model = TestModels.Affine();
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), "gone.bin", 0, 24);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(folder.File("m.onnx")));
        Assert.Contains("gone.bin", ex.Message);
    }

    [Fact]
    public void Parse_ExternalDataWithoutFolder_IsRejected()
    {
        var model = TestModels.Affine();
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), "w.bin", 0, 24);

        var ex = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Parse(model.ToByteArray(), "mem"));
        Assert.Contains("external data", ex.Message);
    }

    private static void WriteExternal(TestModels.TempFolder folder, ModelProto model, string file, float[] values, int offset)
    {
        byte[] bytes = new byte[offset + (values.Length * 4)];
        Buffer.BlockCopy(values, 0, bytes, offset, values.Length * 4);
        File.WriteAllBytes(folder.File(file), bytes);
        MakeExternal(model.Graph.Initializer.Single(t => t.Name == "W"), file, offset, values.Length * 4);
        OnnxModelWriter.Write(model, folder.File("m.onnx"));
    }

    private static void MakeExternal(TensorProto tensor, string location, long offset, long length)
    {
        tensor.ClearRawData();
        tensor.ExternalData.Clear();
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
    }
}
