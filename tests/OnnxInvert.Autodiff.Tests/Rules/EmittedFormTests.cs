using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Tests.Rules;

/// <summary>
/// Which ops a rule emits where there is a fast and a general form. The finite-difference cases check that both forms
/// are right; these check that the fast one is chosen where it applies, so a change cannot slow the backward pass down
/// unnoticed (the timings themselves are in docs/benchmarks.md).
/// </summary>
public sealed class EmittedFormTests
{
    [Fact]
    public void Conv_StrideOne_InputGradientIsAConvNotAConvTranspose()
    {
        var op = new OpModel(17).Latent("x", 4, 6, 6).Random("w", [3, 4, 5, 5]).Node("Conv", ["x", "w"], "y", Attr.Ints("pads", 2, 2, 2, 2));

        var ops = BackwardOps(op);

        Assert.Contains("Conv", ops);
        Assert.DoesNotContain("ConvTranspose", ops);
    }

    [Fact]
    public void Conv_StrideTwo_InputGradientIsAConvTranspose()
    {
        var op = new OpModel(17).Latent("x", 4, 6, 6).Random("w", [3, 4, 3, 3]).Node("Conv", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1));

        Assert.Contains("ConvTranspose", BackwardOps(op));
    }

    [Fact]
    public void Conv_PadWiderThanTheKernel_FallsBackToConvTranspose()
    {
        var op = new OpModel(17).Latent("x", 2, 4, 4).Random("w", [3, 2, 1, 1]).Node("Conv", ["x", "w"], "y", Attr.Ints("pads", 1, 1, 1, 1));

        Assert.Contains("ConvTranspose", BackwardOps(op));
    }

    [Fact]
    public void Resize_NearestIntegerUpsamplingOfSpatialAxes_GradientIsOneScaledAveragePool()
    {
        var op = new OpModel(17).Latent("x", 3, 4, 5).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 3], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"));

        var ops = BackwardOps(op);

        Assert.Equal(["AveragePool", "Mul"], ops.Where(o => o is not ("Constant" or "Identity")).ToList());
    }

    [Fact]
    public void Resize_NearestIntegerUpsamplingOfChannels_GradientIsABlockSum()
    {
        var op = new OpModel(17).Latent("x", 3, 4, 5).Floats("roi", [], 0).Floats("sc", [1, 2, 1, 1], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor"));

        var ops = BackwardOps(op);

        Assert.Equal(["Reshape", "ReduceSum"], ops.Where(o => o is not ("Constant" or "Identity")).ToList());
    }

    [Fact]
    public void Resize_Linear_GradientIsTheTransposedMap()
    {
        var op = new OpModel(17).Latent("x", 3, 4, 5).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 2], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"));

        Assert.Contains("MatMul", BackwardOps(op));
    }

    /// <summary>The op types of the nodes the gradient builder added to the forward graph.</summary>
    private static List<string> BackwardOps(OpModel op)
    {
        var model = op.Build();
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec());
        return vjp.Graph.Node.Skip(model.Graph.Node.Count).Select(n => n.OpType).ToList();
    }
}
