using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class OutputRangeInferenceTests
{
    [Theory]
    [InlineData("sigmoid_transpose", 0f, 1f, "Sigmoid", "through Transpose")]
    [InlineData("nhwc", -1f, 1f, "Tanh", "through Transpose")]
    [InlineData("flat", 0f, 1f, "Clip", "through Flatten")]
    [InlineData("latent4d", -1f, 1f, "Tanh", "")]
    public void Infer_TorchExports_TraceThroughLayoutOpsToTheActivation(string name, float low, float high, string op, string through)
    {
        var range = OutputRangeInference.Infer(Load(name), "image");

        Assert.NotNull(range);
        Assert.Equal((low, high), (range.Low, range.High));
        Assert.StartsWith(op, range.Source, StringComparison.Ordinal);
        Assert.Contains(through, range.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_ThroughACastToUint8_IsUnknown()
    {
        Assert.Null(OutputRangeInference.Infer(Load("uint8_tail"), "rgb8"));
    }

    [Fact]
    public void Infer_AfterTheAffineTailBeforeTheCast_MapsTheTanhRange()
    {
        var model = Load("uint8_tail");
        string add = model.Graph.Node.First(n => n.OpType == "Add").Output[0];

        var range = OutputRangeInference.Infer(model, add);

        Assert.Equal((0f, 255f), (range!.Low, range.High));
        Assert.Contains("through Mul, Add", range.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sub", true, 1f, -2f, 0f)]
    [InlineData("Sub", false, 1f, 0f, 2f)]
    [InlineData("Div", true, 2f, -0.5f, 0.5f)]
    [InlineData("Mul", false, -3f, -3f, 3f)]
    public void Infer_ScalarAffineOps_MapTheRangeInEitherOperandOrder(string op, bool constantSecond, float constant, float low, float high)
    {
        var model = Chain(builder =>
        {
            string tanh = builder.Node("Tanh", ["x"]);
            string c = builder.Constant(TensorFactory.Float("c", [constant]));
            return builder.Node(op, constantSecond ? [tanh, c] : [c, tanh], "y");
        });

        var range = OutputRangeInference.Infer(model, "y");

        Assert.Equal((low, high), (range!.Low, range.High));
    }

    [Fact]
    public void Infer_ConcatOfBoundedBranches_IsTheirUnion()
    {
        var model = Chain(builder =>
        {
            string a = builder.Node("Sigmoid", ["x"]);
            string b = builder.Node("Tanh", ["x"]);
            return builder.Node("Concat", [a, b], "y", Attr.Int("axis", 1));
        });

        var range = OutputRangeInference.Infer(model, "y");

        Assert.Equal((-1f, 1f), (range!.Low, range.High));
        Assert.Contains("several activations", range.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_ConcatWithAnUnboundedBranch_IsUnknown()
    {
        var model = Chain(builder => builder.Node("Concat", [builder.Node("Sigmoid", ["x"]), builder.Node("Relu", ["x"])], "y", Attr.Int("axis", 1)));

        Assert.Null(OutputRangeInference.Infer(model, "y"));
    }

    [Fact]
    public void Infer_ClipWithoutMax_IsUnknown()
    {
        var model = Chain(builder => builder.Node("Clip", ["x", builder.Constant(TensorFactory.Float("lo", [0f]))], "y"));

        Assert.Null(OutputRangeInference.Infer(model, "y"));
    }

    [Fact]
    public void Guess_Untraceable_AssumesMinusOneToOneAndNamesTheLastOp()
    {
        var notices = new List<string>();
        var model = Chain(builder => builder.Node("Relu", ["x"], "y"));

        var range = OutputRangeInference.Guess(model, "y", notices.Add, "g.onnx");

        Assert.Equal(PixelRange.MinusOneToOne, range);
        string notice = Assert.Single(notices);
        Assert.Contains("g.onnx", notice, StringComparison.Ordinal);
        Assert.Contains("the last op is Relu", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratorOpen_SigmoidFollowedByTranspose_GuessesZeroToOne()
    {
        var notices = new List<string>();

        using var generator = Generator.Open(PathOf("sigmoid_transpose"), new GeneratorOptions { Prior = new NormalPrior(0, 1), Notice = notices.Add });

        Assert.Equal(new PixelRange(0f, 1f), generator.OutputRange);
        Assert.Empty(notices);
    }

    private static ModelProto Chain(Func<GraphBuilder, string> body)
    {
        var graph = new GraphProto { Name = "chain" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("x", DataType.Float, ["batch", 4]));
        string y = body(builder);
        builder.AddOutput(ValueInfoFactory.Tensor(y, DataType.Float, null));
        return ModelFactory.Create(graph, 17);
    }
}
