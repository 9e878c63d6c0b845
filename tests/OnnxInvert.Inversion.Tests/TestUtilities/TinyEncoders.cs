using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// Tiny models for hybrid inversion: a generator that only reshapes z [batch,4] into an image [batch,1,2,2], and
/// encoders that reshape an image back into a latent (its exact inverse).
/// </summary>
internal static class TinyEncoders
{
    /// <summary>G(z) = reshape(z, [-1,1,2,2]) written to <paramref name="path"/>.</summary>
    public static string WriteReshapeGenerator(string path)
    {
        var graph = new GraphProto { Name = "reshape-generator" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 4]));
        string shape = builder.Int64s("shape", -1, 1, 2, 2);
        string output = builder.Node("Reshape", ["z", shape], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, ["batch", 1, 2, 2]));
        OnnxModelWriter.Write(ModelFactory.Create(graph, 17), path);
        return path;
    }

    /// <summary>E(x) = reshape(x, [-1, latent]) with the declared input [batch, imageDims...] and output [batch, latent].</summary>
    /// <param name="batch">The declared batch dimension: a name ("batch") or a fixed size ("1").</param>
    /// <param name="imageDims">The declared per-image dimensions.</param>
    /// <param name="latent">The declared latent size.</param>
    public static ModelProto Flatten(string batch = "batch", long[]? imageDims = null, long latent = 4)
    {
        imageDims ??= [1, 2, 2];
        var graph = new GraphProto { Name = "flatten-encoder" };
        var builder = new GraphBuilder(graph, 17);
        object batchDim = long.TryParse(batch, out long fixedBatch) ? fixedBatch : batch;
        builder.AddInput(ValueInfoFactory.Tensor("x", DataType.Float, [batchDim, .. imageDims.Cast<object>()]));
        string shape = builder.Int64s("shape", -1, latent);
        string output = builder.Node("Reshape", ["x", shape], "proposal");
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, [batchDim, latent]));
        return ModelFactory.Create(graph, 17);
    }
}
