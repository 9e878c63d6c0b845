using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Tests.Objective.Features;

/// <summary>A small generator and a small two-layer feature network for the composed objective's checks.</summary>
internal static class FeatureTestModels
{
    /// <summary>z [B,4] → gray image [B,1,6,6] in [0, 1].</summary>
    public static ModelProto Generator() =>
        new OpModel(17).Latent("z", 4).Random("w", [4, 36]).Random("b", [36]).Ints("shape", [-1, 1, 6, 6], 4)
            .Node("MatMul", ["z", "w"], "h").Node("Add", ["h", "b"], "a").Node("Reshape", ["a", "shape"], "r")
            .Node("Sigmoid", ["r"], "image").Build();

    /// <summary>
    /// x [B,3,8,8] → feat1 = Softplus(Conv 3→4 3×3 p1) (smooth, so finite differences see no kinks) [B,4,8,8], feat2 = Tanh(Conv 4→5 3×3 s2 p1) [B,5,4,4],
    /// logit = ReduceMean(feat2) [B]; its first weights are named "w" and "b" like the generator's, so the graft must rename them. The generator's gray 6×6 images need gray→RGB, a resize and a range map.
    /// </summary>
    public static ModelProto FeatureNetwork()
    {
        var op = new OpModel(17).Latent("x", 3, 8, 8).Random("w", [4, 3, 3, 3], -0.5, 0.5).Random("b", [4], -0.1, 0.1)
            .Random("w2", [5, 4, 3, 3], -0.5, 0.5).Random("b2", [5], -0.1, 0.1)
            .Node("Conv", ["x", "w", "b"], "c1", Attr.Ints("pads", 1, 1, 1, 1)).Node("Softplus", ["c1"], "feat1")
            .Node("Conv", ["feat1", "w2", "b2"], "c2", Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2)).Node("Tanh", ["c2"], "feat2")
            .Node("ReduceMean", ["feat2"], "logit", Attr.Ints("axes", 1, 2, 3), Attr.Int("keepdims", 0));
        var model = op.Build("logit");
        model.Graph.Output.Clear();
        model.Graph.Output.Add(ValueInfoFactory.Tensor("feat1", DataType.Float, ["batch", 4, 8, 8]));
        model.Graph.Output.Add(ValueInfoFactory.Tensor("feat2", DataType.Float, ["batch", 5, 4, 4]));
        model.Graph.Output.Add(ValueInfoFactory.Tensor("logit", DataType.Float, ["batch"]));
        return model;
    }
}
