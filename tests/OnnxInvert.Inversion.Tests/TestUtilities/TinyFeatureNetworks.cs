using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// A tiny feature network for <see cref="TinyGenerators"/>' gray 2×2 images: x [batch,3,4,4] → Conv 3→3 3×3 p1 →
/// LeakyRelu = feat1 → Conv 3→2 3×3 s2 p1 = feat2; so the objective also needs gray→RGB and a 2→4 resize.
/// </summary>
internal static class TinyFeatureNetworks
{
    public static ModelProto Build()
    {
        var graph = new GraphProto { Name = "tiny_features" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("x", DataType.Float, ["batch", 3, 4, 4]));
        var random = new Random(7);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5))];
        string w1 = builder.Constant(TensorFactory.Float("w1", Values(81), 3, 3, 3, 3));
        string w2 = builder.Constant(TensorFactory.Float("w2", Values(54), 2, 3, 3, 3));
        string c1 = builder.Node("Conv", [graph.Input[0].Name, w1], "c1", Attr.Ints("pads", 1, 1, 1, 1));
        string f1 = builder.Node("LeakyRelu", [c1], "feat1", Attr.Float("alpha", 0.2f));
        string f2 = builder.Node("Conv", [f1, w2], "feat2", Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2));
        builder.AddOutput(ValueInfoFactory.Tensor(f1, DataType.Float, ["batch", 3, 4, 4]));
        builder.AddOutput(ValueInfoFactory.Tensor(f2, DataType.Float, ["batch", 2, 2, 2]));
        return ModelFactory.Create(graph, 17);
    }
}
