using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class ModelCardLocatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Find_CardBesideTheModel_IsReturned()
    {
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "name": "beside" }""");

        var card = ModelCardLocator.Find(_temp.File("g.onnx"), Model());

        Assert.Equal("beside", card?.Name);
    }

    [Fact]
    public void Find_NoFileButEmbeddedMetadata_ReturnsTheEmbeddedCard()
    {
        var card = ModelCardLocator.Find(_temp.File("g.onnx"), Model(("other", "x"), (ModelCard.MetadataKey, """{ "name": "embedded" }""")));

        Assert.Equal("embedded", card?.Name);
    }

    [Fact]
    public void Find_SeveralEmbeddedCards_TheLastWins()
    {
        var card = ModelCardLocator.Find(
            _temp.File("g.onnx"),
            Model((ModelCard.MetadataKey, """{ "name": "first" }"""), (ModelCard.MetadataKey, """{ "name": "last" }""")));

        Assert.Equal("last", card?.Name);
    }

    [Fact]
    public void Find_FileAndMetadata_TheFileBesideWins()
    {
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "name": "beside" }""");

        var card = ModelCardLocator.Find(_temp.File("g.onnx"), Model((ModelCard.MetadataKey, """{ "name": "embedded" }""")));

        Assert.Equal("beside", card?.Name);
    }

    [Fact]
    public void Find_NeitherFileNorMetadata_ReturnsNull()
    {
        Assert.Null(ModelCardLocator.Find(_temp.File("g.onnx"), Model(("onnxinvert.prior", "uniform"))));
    }

    [Fact]
    public void Find_MalformedCardBeside_ThrowsFormatExceptionNamingTheFile()
    {
        string path = _temp.File(ModelCard.FileName);
        File.WriteAllText(path, "{ broken");

        var ex = Assert.Throws<FormatException>(() => ModelCardLocator.Find(_temp.File("g.onnx"), Model()));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MalformedEmbeddedCard_ThrowsFormatExceptionNamingTheMetadataKey()
    {
        var ex = Assert.Throws<FormatException>(() => ModelCardLocator.Find(_temp.File("g.onnx"), Model((ModelCard.MetadataKey, "{ broken"))));

        Assert.Contains(ModelCard.MetadataKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_BundledMnistModel_FindsItsCard()
    {
        var card = ModelCardLocator.Find(RepoPaths.MnistModel, Model());

        Assert.Equal("mnist-table1-uniform", card?.Name);
    }

    private static ModelProto Model(params (string Key, string Value)[] metadata)
    {
        var model = new ModelProto { Graph = new GraphProto { Name = "g" } };
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }
}
