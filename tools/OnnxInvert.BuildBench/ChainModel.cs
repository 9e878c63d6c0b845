using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.BuildBench;

/// <summary>A generator that is a long chain of alternating Tanh and Mul-by-constant nodes on a [batch, 16] latent.</summary>
internal static class ChainModel
{
    public const string Latent = "z";
    public const string Image = "image";

    public static ModelProto Create(int nodes, long opset = 17)
    {
        var graph = new GraphProto { Name = $"chain{nodes}" };
        var builder = new GraphBuilder(graph, opset);
        builder.AddInput(ValueInfoFactory.Tensor(Latent, DataType.Float, ["batch", 16L]));
        string scale = builder.Constant(TensorFactory.Float("scale", Enumerable.Repeat(1.01f, 16).ToArray(), 16));
        string previous = Latent;
        for (int i = 0; i < nodes; i++)
        {
            previous = i % 2 == 0 ? builder.Node("Tanh", [previous], $"t{i}") : builder.Node("Mul", [previous, scale], $"t{i}");
        }

        string shape = builder.Int64s("shape", -1, 1, 4, 4);
        graph.Node.Add(new NodeProto { OpType = "Reshape", Name = "to_image", Input = { previous, shape }, Output = { Image } });
        builder.AddOutput(ValueInfoFactory.Tensor(Image, DataType.Float, ["batch", 1L, 4L, 4L]));
        return ModelFactory.Create(graph, opset);
    }
}
