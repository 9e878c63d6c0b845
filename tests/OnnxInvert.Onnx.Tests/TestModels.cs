using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Tests;

/// <summary>Small models built with the graph-building API for the tests.</summary>
internal static class TestModels
{
    /// <summary>y = z · W + b with z [batch, 3], W [3, 2].</summary>
    public static ModelProto Affine()
    {
        var graph = new GraphProto { Name = "affine" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 3]));
        string w = builder.Constant(TensorFactory.Float("W", [1, 2, 3, 4, 5, 6], 3, 2));
        string b = builder.Constant(TensorFactory.Float("b", [0.5f, -0.5f], 2));
        string product = builder.Node("MatMul", ["z", w]);
        string y = builder.Node("Add", [product, b], "y");
        builder.AddOutput(ValueInfoFactory.Tensor(y, DataType.Float, ["batch", 2]));
        return ModelFactory.Create(graph, 17);
    }

    /// <summary>A temporary folder deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onnxinvert-tests-" + Guid.NewGuid().ToString("N"));

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
