using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// A tiny conditional generator with two latents and a class label, the pattern of StyleGAN-like exports with noise
/// inputs and of conditional GANs: <c>w</c> [batch, 8] → MatMul [8, 16], plus an embedding of the int64 label
/// <c>y</c> (Gather from a [4, 16] table), reshaped to [batch, 1, 4, 4], plus 0.5 · <c>noise0</c> [batch, 1, 4, 4],
/// then Sigmoid → <c>image</c> [batch, 1, 4, 4].
/// </summary>
internal static class ConditionalGenerators
{
    public const int Classes = 4;

    /// <summary>The generator; <paramref name="labelDims"/> is the label's declared shape (["batch"] or ["batch", 1]).</summary>
    public static ModelProto Build(object?[]? labelDims = null)
    {
        var random = new Random(5);
        float[] Values(int count, double scale) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 2 * scale))];

        var graph = new GraphProto { Name = "conditional" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("w", DataType.Float, ["batch", 8]));
        builder.AddInput(ValueInfoFactory.Tensor("noise0", DataType.Float, ["batch", 1, 4, 4]));
        builder.AddInput(ValueInfoFactory.Tensor("y", DataType.Int64, labelDims ?? ["batch"]));
        string weights = builder.Constant(TensorFactory.Float("W", Values(8 * 16, 0.6), 8, 16));
        string table = builder.Constant(TensorFactory.Float("E", Values(Classes * 16, 1.5), Classes, 16));
        string mapped = builder.Node("MatMul", ["w", weights]);
        string embedded = builder.Node("Gather", [table, "y"]);
        string rows = builder.Int64s("rows", -1, 16);
        string shape = builder.Int64s("shape", -1, 1, 4, 4);
        string grid = builder.Node("Reshape", [builder.Node("Add", [mapped, builder.Node("Reshape", [embedded, rows])]), shape]);
        string half = builder.Constant(TensorFactory.Float("half", [0.5f], 1));
        string noisy = builder.Node("Add", [grid, builder.Node("Mul", ["noise0", half])]);
        string image = builder.Node("Sigmoid", [noisy], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(image, DataType.Float, ["batch", 1, 4, 4]));
        return ModelFactory.Create(graph, 17);
    }
}
