using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class ModelCardEncoderTests
{
    [Fact]
    public void Parse_BundledMnistCard_NamesTheEncoderFileBesideIt()
    {
        var card = ModelCard.Parse(File.ReadAllText(RepoPaths.MnistCard), RepoPaths.MnistCard);

        Assert.Equal("encoder.onnx", card.Encoder?.File);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(RepoPaths.MnistCard)!, card.Encoder!.File!)));
    }

    [Fact]
    public void Parse_EncoderWithFreeFormFields_KeepsTheFileAndIgnoresTheRest()
    {
        var card = ModelCard.Parse("""{ "encoder": { "file": "e.onnx", "training": { "steps": 3 }, "parameters": 12 } }""", "card.json");

        Assert.Equal("e.onnx", card.Encoder?.File);
    }

    [Fact]
    public void Parse_NoEncoder_IsNull() => Assert.Null(ModelCard.Parse("{}", "card.json").Encoder);
}
