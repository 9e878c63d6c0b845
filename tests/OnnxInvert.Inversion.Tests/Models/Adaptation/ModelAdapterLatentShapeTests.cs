using OnnxInvert.Inversion.Models.Adaptation;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterLatentShapeTests
{
    [Fact]
    public void Adapt_FullyConvolutionalLatentWithTargetSize_ProbesTheLatentShapeThatGivesThatSize()
    {
        var model = Load("fully_conv");

        var adapted = ModelAdapter.Adapt(model, Request("fully_conv") with { TargetSize = (24, 40) });

        var latent = Assert.Single(adapted.Latents);
        Assert.Equal([4L, 3, 5], latent.Shape);
        Assert.Equal([3L, 24, 40], adapted.ImageShape);
        Assert.Contains(adapted.Changes, c => c.Contains("resolved the symbolic dimensions", StringComparison.Ordinal));
        var dims = adapted.Model.Graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.Equal("batch", dims[0].DimParam);
        Assert.Equal([4L, 3, 5], dims.Skip(1).Select(d => d.DimValue));
        var z = Gaussian(2 * 4 * 3 * 5, 13);
        AssertClose(Run(model, "image", ("z", z, [2, 4, 3, 5])).Floats, Run(adapted.Model, "image", ("z", z, [2, 4, 3, 5])).Floats);
    }

    [Fact]
    public void Adapt_FullyConvolutionalLatentWithGivenShape_UsesIt()
    {
        var adapted = ModelAdapter.Adapt(Load("fully_conv"), Request("fully_conv") with { InputShapes = new Dictionary<string, long[]> { ["z"] = [4, 2, 2] } });

        Assert.Equal([4L, 2, 2], adapted.Latents[0].Shape);
        Assert.Equal([3L, 16, 16], adapted.ImageShape);
    }

    [Fact]
    public void Adapt_SymbolicLatentWithoutShapeOrTargetSize_ThrowsNamingTheAxesAndTheFlag()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("fully_conv"), Request("fully_conv")));

        Assert.Contains("fully_conv.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'z' axis 2, 'z' axis 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.InputShapes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_TargetSizeNoLatentShapeReaches_ThrowsSayingProbingFailed()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("fully_conv"), Request("fully_conv") with { TargetSize = (25, 40) }));

        Assert.Contains("could not resolve the symbolic input dimensions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("25×40", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_GivenShapeThatContradictsAFixedDimension_ThrowsNamingTheInput()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("fully_conv"), Request("fully_conv") with { InputShapes = new Dictionary<string, long[]> { ["z"] = [3, 2, 2] } }));

        Assert.Contains("shape [3,2,2] given for input 'z' float [batch,4,h,w] does not fit it", ex.Message, StringComparison.Ordinal);
    }
}
