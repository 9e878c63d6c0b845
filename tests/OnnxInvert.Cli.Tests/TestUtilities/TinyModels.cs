using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>Tiny generators for the invert verb: z [batch,4] → (Sqrt) → MatMul → Reshape [batch,C,2,2] → Sigmoid, written to files.</summary>
internal static class TinyModels
{
    private static readonly float[] Weights = [0.5f, -1, 0, 2, 1, 1, -0.5f, 0, 0, 0.25f, 1, -1, 2, 0, 0, 1];

    /// <summary>
    /// A 1-channel 2×2 generator (image in [0, 1] from its Sigmoid); with <paramref name="sqrt"/> the latent passes
    /// through Sqrt first (NaN for negative components); with <paramref name="unbounded"/> there is no Sigmoid (the
    /// image is the linear map itself, its range not traceable to an activation).
    /// </summary>
    public static string Write(string path, bool sqrt = false, bool unbounded = false)
    {
        var graph = new GraphProto { Name = "tiny" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 4]));
        string latent = sqrt ? builder.Node("Sqrt", ["z"]) : "z";
        string w = builder.Constant(TensorFactory.Float("W", Weights, 4, 4));
        string product = builder.Node("MatMul", [latent, w]);
        string shape = builder.Int64s("shape", -1, 1, 2, 2);
        string grid = builder.Node("Reshape", [product, shape]);
        string output = unbounded ? builder.Node("Identity", [grid], "image") : builder.Node("Sigmoid", [grid], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, ["batch", 1, 2, 2]));
        OnnxModelWriter.Write(ModelFactory.Create(graph, 17), path);
        return path;
    }
}
