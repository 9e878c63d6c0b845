using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// Long generators: z [batch, 16] → a chain of alternating Tanh and Mul-by-1.01 nodes → Reshape [batch, 1, 4, 4] →
/// Tanh (so the image range, [-1, 1], is traced), written to files. The shape of BuildBench's chain.
/// </summary>
internal static class ChainGenerators
{
    /// <summary>Writes a generator of <paramref name="links"/> chain nodes (plus the Reshape and the final Tanh) to <paramref name="path"/>.</summary>
    public static string Write(string path, int links)
    {
        var graph = new GraphProto { Name = $"chain{links}" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 16]));
        string scale = builder.Constant(TensorFactory.Float("scale", Enumerable.Repeat(1.01f, 16).ToArray(), 16));
        string previous = "z";
        for (int i = 0; i < links; i++)
        {
            previous = i % 2 == 0 ? builder.Node("Tanh", [previous], $"t{i}") : builder.Node("Mul", [previous, scale], $"t{i}");
        }

        string shape = builder.Int64s("shape", -1, 1, 4, 4);
        string grid = builder.Node("Reshape", [previous, shape]);
        string image = builder.Node("Tanh", [grid], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(image, DataType.Float, ["batch", 1, 4, 4]));
        OnnxModelWriter.Write(ModelFactory.Create(graph, 17), path);
        return path;
    }
}
