using OnnxInvert.Inversion.Models.Adaptation;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterErrorTests
{
    [Theory]
    [InlineData("nope", "'nope' is not a tensor of the graph (inputs: z float [batch,8])")]
    [InlineData("fc.weight", "'fc.weight' is a weight (initializer), not a latent")]
    public void Adapt_LatentThatIsNoTensorOrAWeight_ThrowsListingTheInputs(string latent, string expected)
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("nhwc"), Request("nhwc") with { Latents = [latent] }));

        Assert.Contains("nhwc.onnx: " + expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("z", "'z' is an input")]
    [InlineData("fc.bias", "'fc.bias' is a weight (initializer)")]
    [InlineData("nope", "'nope' is not a tensor of the graph")]
    public void Adapt_ImageThatNoNodeComputes_ThrowsListingTheOutputs(string image, string expected)
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("nhwc"), Request("nhwc") with { Image = image }));

        Assert.Contains("nhwc.onnx: " + expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("outputs: image float [batch,", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_NoFloatImageOutputAndNoneNamed_ThrowsAskingForTheOutput()
    {
        var model = Load("uint8_tail");
        model.Graph.Output.RemoveAt(1);

        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(model, Request("uint8_tail")));

        Assert.Contains("no output looks like an image (outputs: rgb8 uint8 [batch,", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.ImageOutput", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_CutPointThatIsNotFloat_ThrowsNamingItsType()
    {
        var model = Load("uint8_tail");
        string shape = model.Graph.Node.First(n => n.OpType == "Reshape").Input[1];

        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(model, Request("uint8_tail") with { Latents = [shape], Image = Tensor("uint8_tail", "image") }));

        Assert.Contains($"uint8_tail.onnx: tensor '{shape}' is int64 [4] at batch 2; a latent cut point must be a float tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_IntegerLatentInput_ThrowsNamingItsType()
    {
        var model = Load("nhwc");
        model.Graph.Input[0].Type.TensorType.ElemType = (int)Onnx.Proto.TensorProto.Types.DataType.Int64;

        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(model, Request("nhwc") with { Latents = ["z"] }));

        Assert.Contains("latent input 'z' is int64 [batch,8]; a latent must be a float32 tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_SameTensorAsImageAndLatent_Throws()
    {
        string w = Tensor("mapping_synthesis", "w");

        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("mapping_synthesis"), Request("mapping_synthesis") with { Latents = [w], Image = w }));

        Assert.Contains($"'{w}' is named as both the image and a latent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_IntegerConditionInputNamedAsLatent_ThrowsNamingItsType()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("two_latents_label"), Request("two_latents_label") with { Latents = ["label"] }));

        Assert.Contains("latent input 'label' is int64 [batch]", ex.Message, StringComparison.Ordinal);
    }
}
