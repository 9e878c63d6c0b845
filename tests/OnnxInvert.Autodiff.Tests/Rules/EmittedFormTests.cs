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

    [Fact]
    public void Reshape_StaticButForTheBatchAxis_GradientShapeIsAConstantCopyingTheBatchAxis()
    {
        var op = new OpModel(17).Latent("x", 2, 6).Ints("shape", [-1, 3, 4], 3).Node("Reshape", ["x", "shape"], "y");
        var model = op.Build();

        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec());

        var backward = vjp.Graph.Node.Skip(model.Graph.Node.Count).ToList();
        Assert.DoesNotContain("Shape", backward.Select(n => n.OpType));
        var reshape = Assert.Single(backward, n => n.OpType == "Reshape");
        Assert.Equal([0L, 2, 6], ConstantInts(vjp, reshape.Input[1]));
    }

    [Fact]
    public void Flatten_OfAStaticTensor_GradientShapeIsTheConstantShape()
    {
        var op = new OpModel(17).FixedLatent("x", 2, 3, 4).Node("Flatten", ["x"], "y");
        var model = op.Build();

        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec());

        var reshape = Assert.Single(vjp.Graph.Node.Skip(model.Graph.Node.Count), n => n.OpType == "Reshape");
        Assert.Equal([2L, 3, 4], ConstantInts(vjp, reshape.Input[1]));
    }

    [Fact]
    public void Reshape_BatchFoldedIntoAnotherAxis_GradientTakesTheRuntimeShape()
    {
        // [batch, 2, 6] -> [batch * 2, 6]: the gradient's leading axis is not x's batch axis, so 0 cannot copy it.
        var op = new OpModel(17).Latent("x", 2, 6).Ints("shape", [-1, 6], 2).Node("Reshape", ["x", "shape"], "y");

        Assert.Contains("Shape", BackwardOps(op));
    }

    /// <summary>The int64 values of the initializer or Constant node named <paramref name="name"/>.</summary>
    private static long[] ConstantInts(OnnxInvert.Onnx.Proto.ModelProto model, string name)
    {
        var tensor = model.Graph.Initializer.FirstOrDefault(t => t.Name == name)
            ?? model.Graph.Node.Single(n => n.Output.Contains(name) && n.OpType == "Constant").Attribute.Single(a => a.Name == "value").T;
        return OnnxInvert.Onnx.Tensors.TensorProtoReader.ToInt64s(tensor);
    }

    /// <summary>The op types of the nodes the gradient builder added to the forward graph.</summary>
    private static List<string> BackwardOps(OpModel op)
    {
        var model = op.Build();
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec());
        return vjp.Graph.Node.Skip(model.Graph.Node.Count).Select(n => n.OpType).ToList();
    }
}
