using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>A long generator for build-progress tests: z [batch,16] → alternating Tanh and Mul-by-1.01 nodes → Reshape to [batch,1,4,4].</summary>
internal static class ChainModels
{
    public static string Write(string path, int nodes)
    {
        var graph = new GraphProto { Name = $"chain{nodes}" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 16L]));
        string scale = builder.Constant(TensorFactory.Float("scale", Enumerable.Repeat(1.01f, 16).ToArray(), 16));
        string previous = "z";
        for (int i = 0; i < nodes; i++)
        {
            previous = i % 2 == 0 ? builder.Node("Tanh", [previous], $"t{i}") : builder.Node("Mul", [previous, scale], $"t{i}");
        }

        string shape = builder.Int64s("shape", -1, 1, 4, 4);
        string image = builder.Node("Reshape", [previous, shape], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(image, DataType.Float, ["batch", 1L, 4L, 4L]));
        OnnxModelWriter.Write(ModelFactory.Create(graph, 17), path);
        return path;
    }
}
