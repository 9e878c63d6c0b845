using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>Tiny generators z [batch,4] → MatMul → Reshape [batch,1,2,2] → a chosen last op, written to files.</summary>
internal static class TinyGenerators
{
    /// <summary>A generator whose image output comes from <paramref name="lastOp"/> (e.g. Sigmoid, Tanh, Relu).</summary>
    public static ModelProto Build(string lastOp, string latent = "z", string image = "image")
    {
        var graph = new GraphProto { Name = "tiny" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor(latent, DataType.Float, ["batch", 4]));
        string w = builder.Constant(TensorFactory.Float("W", [0.5f, -1, 0, 2, 1, 1, -0.5f, 0, 0, 0.25f, 1, -1, 2, 0, 0, 1], 4, 4));
        string product = builder.Node("MatMul", [latent, w]);
        string shape = builder.Int64s("shape", -1, 1, 2, 2);
        string grid = builder.Node("Reshape", [product, shape]);
        string output = builder.Node(lastOp, [grid], image);
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, ["batch", 1, 2, 2]));
        return ModelFactory.Create(graph, 17);
    }

    /// <summary>Writes <see cref="Build"/>'s model to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, string lastOp, string latent = "z", string image = "image")
    {
        OnnxModelWriter.Write(Build(lastOp, latent, image), path);
        return path;
    }
}
