using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// Tiny generators z [batch,4] → MatMul → (a middle stage) → Reshape [batch,1,2,2] → Sigmoid for the engine tests:
/// batch-statistics BatchNormalization, the exporter's ReduceMean-over-the-batch form, or a Sqrt that is NaN for
/// negative inputs.
/// </summary>
internal static class CouplingGenerators
{
    /// <summary>BatchNormalization with training_mode=1 (normalises with its own batch's statistics); its node is named "bn_train".</summary>
    public static ModelProto BatchNormTraining() => Build((b, x) =>
    {
        string scale = b.Constant(TensorFactory.Float("scale", [1, 1.5f, 0.5f, 1], 4));
        string bias = b.Constant(TensorFactory.Float("bias", [0, 0.1f, -0.1f, 0.2f], 4));
        string mean = b.Constant(TensorFactory.Float("mean", [0, 0, 0, 0], 4));
        string variance = b.Constant(TensorFactory.Float("var", [1, 1, 1, 1], 4));
        var node = new NodeProto { OpType = "BatchNormalization", Name = "bn_train" };
        node.Input.AddRange([x, scale, bias, mean, variance]);
        node.Output.AddRange(["bn_y", "bn_running_mean", "bn_running_var"]);
        node.Attribute.Add(Attr.Int("training_mode", 1));
        b.Graph.Node.Add(node);
        return "bn_y";
    });

    /// <summary>x − ReduceMean(x, axis 0): the batch-mean centring an exporter writes for train-mode BatchNorm; the reduction is named "batch_mean".</summary>
    public static ModelProto BatchMeanCentred() => Build((b, x) =>
    {
        var node = new NodeProto { OpType = "ReduceMean", Name = "batch_mean" };
        node.Input.Add(x);
        node.Output.Add("mu");
        node.Attribute.Add(Attr.Ints("axes", 0));
        node.Attribute.Add(Attr.Int("keepdims", 1));
        b.Graph.Node.Add(node);
        return b.Node("Sub", [x, "mu"]);
    });

    /// <summary>BatchNormalization with running statistics (eval mode): samples stay independent.</summary>
    public static ModelProto BatchNormEval() => Build((b, x) =>
    {
        string scale = b.Constant(TensorFactory.Float("scale", [1, 1.5f, 0.5f, 1], 4));
        string bias = b.Constant(TensorFactory.Float("bias", [0, 0.1f, -0.1f, 0.2f], 4));
        string mean = b.Constant(TensorFactory.Float("mean", [0.1f, 0, -0.2f, 0], 4));
        string variance = b.Constant(TensorFactory.Float("var", [1, 2, 1, 0.5f], 4));
        return b.Node("BatchNormalization", [x, scale, bias, mean, variance]);
    });

    /// <summary>Sqrt(z) before the MatMul: the loss is NaN whenever a latent component is negative.</summary>
    public static ModelProto SqrtOfLatent()
    {
        var graph = new GraphProto { Name = "tiny_sqrt" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 4]));
        string root = builder.Node("Sqrt", ["z"]);
        string w = builder.Constant(TensorFactory.Float("W", Weights, 4, 4));
        string product = builder.Node("MatMul", [root, w]);
        string shape = builder.Int64s("shape", -1, 1, 2, 2);
        string grid = builder.Node("Reshape", [product, shape]);
        string output = builder.Node("Sigmoid", [grid], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, ["batch", 1, 2, 2]));
        return ModelFactory.Create(graph, 17);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(ModelProto model, string path)
    {
        OnnxModelWriter.Write(model, path);
        return path;
    }

    private static readonly float[] Weights = [0.5f, -1, 0, 2, 1, 1, -0.5f, 0, 0, 0.25f, 1, -1, 2, 0, 0, 1];

    private static ModelProto Build(Func<GraphBuilder, string, string> middle)
    {
        var graph = new GraphProto { Name = "tiny_coupled" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 4]));
        string w = builder.Constant(TensorFactory.Float("W", Weights, 4, 4));
        string product = builder.Node("MatMul", ["z", w]);
        string mixed = middle(builder, product);
        string shape = builder.Int64s("shape", -1, 1, 2, 2);
        string grid = builder.Node("Reshape", [mixed, shape]);
        string output = builder.Node("Sigmoid", [grid], "image");
        builder.AddOutput(ValueInfoFactory.Tensor(output, DataType.Float, ["batch", 1, 2, 2]));
        return ModelFactory.Create(graph, 17);
    }
}
