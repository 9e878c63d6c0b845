using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Tests.Rules;

/// <summary>Forms a rule does not differentiate fail the build with an error naming the node and what is unsupported.</summary>
public sealed class UnsupportedFormTests
{
    [Theory]
    [InlineData("bii->bi", "repeats an index")]
    [InlineData("...ij->...ji", "ellipsis")]
    public void Einsum_UnsupportedEquation_NamesNodeAndEquation(string equation, string why)
    {
        var op = new OpModel(17).Latent("x", 3, 3).Node("Einsum", ["x"], "y", Attr.String("equation", equation));
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal("Einsum", ex.OpType);
        Assert.Equal("Einsum_0", ex.NodeName);
        Assert.Contains(equation, ex.Message);
        Assert.Contains(why, ex.Message);
    }

    [Fact]
    public void GatherElements_BeforeOpset16_SaysWhichOpsetItNeeds()
    {
        var op = new OpModel(13).FixedLatent("x", 3, 4).Ints("i", [0, 0, 3, 1, 2, 2], 3, 2).Node("GatherElements", ["x", "i"], "y", Attr.Int("axis", 1));
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal("GatherElements", ex.OpType);
        Assert.Contains("opset 16", ex.Message);
    }

    [Fact]
    public void Resize_AxisMapTooLarge_NamesTheNodeAndTheSizes()
    {
        var op = new OpModel(18).Latent("x", 1, 1, 5000).Floats("roi", [], 0).Floats("sc", [1, 1, 1, 0.8f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"), Attr.Int("antialias", 1));
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal("Resize", ex.OpType);
        Assert.Contains("from 5000 to 4000", ex.Message);
        Assert.Contains("20,000,000 entries", ex.Message);
    }
}
