using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tests.Analysis;

public sealed class BatchCouplingTests
{
    [Fact]
    public void BatchNormalizationInTrainingMode_IsCoupling()
    {
        var model = Bn(new OpModel(15).Latent("x", 3, 4, 4), 3)
            .Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y", "running_mean", "running_var"], Attr.Int("training_mode", 1))
            .Node("Relu", ["y"], "out")
            .Build();

        var node = Assert.Single(Detect(model));

        Assert.Equal("BatchNormalization", node.OpType);
        Assert.Equal("BatchNormalization_0", node.Name);
        Assert.Contains("statistics of its own batch", node.Reason, StringComparison.Ordinal);
        Assert.StartsWith("BatchNormalization_0 (BatchNormalization): ", node.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNormalizationWithRunningStatistics_IsIndependent()
    {
        var model = Bn(new OpModel(17).Latent("x", 3, 4, 4), 3)
            .Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], "y")
            .Node("Tanh", ["y"], "out")
            .Build();

        Assert.Empty(Detect(model));
    }

    [Fact]
    public void ReduceMeanOverTheBatchAxis_IsCoupling()
    {
        // The exporter's train-mode BatchNorm: x − mean over axis 0.
        var model = new OpModel(17).Latent("x", 5)
            .Node("ReduceMean", ["x"], "mu", Attr.Ints("axes", 0), Attr.Int("keepdims", 1))
            .Node("Sub", ["x", "mu"], "centred")
            .Node("Sigmoid", ["centred"], "out")
            .Build();

        var node = Assert.Single(Detect(model));

        Assert.Equal(("ReduceMean_0", "ReduceMean"), (node.Name, node.OpType));
        Assert.Contains("batch axis", node.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReduceSumOverTheBatchWithoutKeepdims_IsCoupling_AndAnUnnamedNodeIsLabelledByOpAndOutput()
    {
        var model = new OpModel(17).Latent("x", 2, 3).Ints("axes", [0], 1)
            .Node("ReduceSum", ["x", "axes"], "total", Attr.Int("keepdims", 0))
            .Node("Add", ["x", "total"], "out")
            .Build();
        model.Graph.Node[0].Name = string.Empty;

        var node = Assert.Single(Detect(model));

        Assert.Equal("ReduceSum", node.OpType);
        Assert.Equal("ReduceSum → total", node.Name);
    }

    [Fact]
    public void ReductionOverAFeatureAxis_IsIndependent()
    {
        var model = new OpModel(17).Latent("x", 5)
            .Node("ReduceMean", ["x"], "mu", Attr.Ints("axes", 1), Attr.Int("keepdims", 1))
            .Node("Sub", ["x", "mu"], "out")
            .Build();

        Assert.Empty(Detect(model));
    }

    [Fact]
    public void ShapeOfABatchedTensor_IsNotCoupling()
    {
        // Shape's output is static but integer: no float value flows between samples.
        var model = new OpModel(17).Latent("x", 2, 3)
            .Node("Shape", ["x"], "dims")
            .Node("Reshape", ["x", "dims"], "out")
            .Build();

        Assert.Empty(Detect(model));
    }

    [Fact]
    public void SeveralCouplingNodes_AreListedInGraphOrder()
    {
        var model = Bn(new OpModel(15).Latent("x", 3), 3)
            .Node("ReduceMean", ["x"], "mu", Attr.Ints("axes", 0), Attr.Int("keepdims", 1))
            .Node("Sub", ["x", "mu"], "centred")
            .Node("BatchNormalization", ["centred", "scale", "bias", "mean", "var"], ["y", "running_mean", "running_var"], Attr.Int("training_mode", 1))
            .Build("y");

        Assert.Equal(["ReduceMean", "BatchNormalization"], Detect(model).Select(n => n.OpType));
    }

    private static IReadOnlyList<CouplingNode> Detect(ModelProto model) => BatchCoupling.Detect(model, ShapeProbe.Run(model));

    private static OpModel Bn(OpModel model, long channels) =>
        model.Random("scale", [channels], 0.5, 1.5).Random("bias", [channels]).Random("mean", [channels], -0.2, 0.2).Random("var", [channels], 0.5, 1.5);
}
