using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.TestSupport;

/// <summary>
/// Long generators for build-time tests and tools/OnnxInvert.BuildBench (which links this file): z [batch, 16] → a
/// chain of alternating Tanh and Mul-by-1.01 nodes → Reshape [batch, 1, 4, 4], optionally → Tanh (so the image range,
/// [-1, 1], is traced).
/// </summary>
public static class ChainModels
{
    /// <summary>The latent input's name.</summary>
    public const string Latent = "z";

    /// <summary>The image output's name.</summary>
    public const string Image = "image";

    /// <summary>A generator of <paramref name="links"/> chain nodes plus the Reshape (and, with <paramref name="tanhImage"/>, a final Tanh).</summary>
    public static ModelProto Create(int links, bool tanhImage = false, long opset = 17)
    {
        var graph = new GraphProto { Name = $"chain{links}" };
        var builder = new GraphBuilder(graph, opset);
        builder.AddInput(ValueInfoFactory.Tensor(Latent, DataType.Float, ["batch", 16L]));
        string scale = builder.Constant(TensorFactory.Float("scale", Enumerable.Repeat(1.01f, 16).ToArray(), 16));
        string previous = Latent;
        for (int i = 0; i < links; i++)
        {
            previous = i % 2 == 0 ? builder.Node("Tanh", [previous], $"t{i}") : builder.Node("Mul", [previous, scale], $"t{i}");
        }

        string shape = builder.Int64s("shape", -1, 1, 4, 4);
        string image = tanhImage
            ? builder.Node("Tanh", [builder.Node("Reshape", [previous, shape])], Image)
            : builder.Node("Reshape", [previous, shape], Image);
        builder.AddOutput(ValueInfoFactory.Tensor(image, DataType.Float, ["batch", 1L, 4L, 4L]));
        return ModelFactory.Create(graph, opset);
    }

    /// <summary>Writes <see cref="Create"/>'s generator to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int links, bool tanhImage = false)
    {
        OnnxModelWriter.Write(Create(links, tanhImage), path);
        return path;
    }
}
