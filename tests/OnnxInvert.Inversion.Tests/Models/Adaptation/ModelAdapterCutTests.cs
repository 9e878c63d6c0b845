using OnnxInvert.Inversion.Models.Adaptation;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterCutTests
{
    [Fact]
    public void Adapt_ImageBeforeAUint8Tail_CutsThereAndDropsTheTailAndOtherOutputs()
    {
        var model = Load("uint8_tail");
        string tanh = Tensor("uint8_tail", "image");

        var adapted = ModelAdapter.Adapt(model, Request("uint8_tail") with { Image = tanh });

        Assert.Equal(tanh, adapted.ImageOutput);
        Assert.Equal(tanh, adapted.ImageSource);
        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        var output = Assert.Single(adapted.Model.Graph.Output);
        Assert.Equal(tanh, output.Name);
        Assert.DoesNotContain(adapted.Model.Graph.Node, n => n.OpType is "Cast" or "Clip" or "Transpose");
        Assert.Single(adapted.Model.Graph.Node, n => n.OpType == "Gemm");
        Assert.Contains(adapted.Changes, c => c.Contains("'rgb8', 'features' dropped", StringComparison.Ordinal));
        Assert.Equal((-1f, 1f), (adapted.Range!.Low, adapted.Range.High));
        var z = Gaussian(4 * 8, 5);
        AssertClose(Run(model, tanh, ("z", z, [4, 8])).Floats, Run(adapted.Model, tanh, ("z", z, [4, 8])).Floats);
    }

    [Fact]
    public void Adapt_Uint8GraphOutputAsImage_ThrowsSayingTheImageMustBeFloat()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("uint8_tail"), Request("uint8_tail") with { Image = "rgb8" }));

        Assert.Contains("uint8_tail.onnx: tensor 'rgb8' is uint8 [2,6,6,3]; the image must be a float tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_LatentAtTheMappingOutput_MakesWTheInputAndReturnsTheMappingAsItsProducer()
    {
        var model = Load("mapping_synthesis");
        string w = Tensor("mapping_synthesis", "w");

        var adapted = ModelAdapter.Adapt(model, Request("mapping_synthesis") with { Latents = [w] });

        var latent = Assert.Single(adapted.Latents);
        Assert.Equal(w, latent.Name);
        Assert.True(latent.IsCut);
        Assert.Equal([8L], latent.Shape);
        Assert.Equal([w], adapted.Model.Graph.Input.Select(i => i.Name));
        Assert.Empty(adapted.OtherInputs);
        Assert.DoesNotContain(adapted.Model.Graph.Node, n => n.OpType is "LeakyRelu" or "ReduceMean" or "Sqrt");
        Assert.Contains(adapted.Changes, c => c.Contains("now input", StringComparison.Ordinal) && c.Contains("removed", StringComparison.Ordinal));

        // G(z) of the original equals synthesis(w) of the adapted graph at w = mapping(z), and the producer computes mapping(z).
        var z = Gaussian(3 * 8, 6);
        var wValues = Run(model, w, ("z", z, [3, 8]));
        AssertClose(wValues.Floats, Run(latent.Producer!, w, ("z", z, [3, 8])).Floats);
        AssertClose(Run(model, "image", ("z", z, [3, 8])).Floats, Run(adapted.Model, "image", (w, wValues.Floats, [3, 8])).Floats);
        Assert.Equal(["z"], latent.Producer!.Graph.Input.Select(i => i.Name));
        Assert.DoesNotContain(latent.Producer.Graph.Node, n => n.OpType == "Tanh");
    }

    [Fact]
    public void Adapt_ImageUpstreamOfTheLatentCut_ThrowsSayingTheImageDoesNotDependOnIt()
    {
        var model = Load("mapping_synthesis");
        string w = Tensor("mapping_synthesis", "w");
        string mid = model.Graph.Node.First(n => n.OpType == "LeakyRelu").Output[0];

        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(model, Request("mapping_synthesis") with { Latents = [w], Image = mid }));

        Assert.Contains($"the image '{mid}' does not depend on latent '{w}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_DoesNotModifyTheModelItWasGiven()
    {
        var model = Load("uint8_tail");
        var before = model.Clone();

        ModelAdapter.Adapt(model, Request("uint8_tail") with { Image = Tensor("uint8_tail", "image") });

        Assert.Equal(before, model);
    }
}
