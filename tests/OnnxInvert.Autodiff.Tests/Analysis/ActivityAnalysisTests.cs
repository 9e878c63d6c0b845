using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using AttributeType = OnnxInvert.Onnx.Proto.AttributeProto.Types.AttributeType;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Tests.Analysis;

/// <summary>Paths on which a latent would silently get a zero gradient fail the build, naming the node.</summary>
public sealed class ActivityAnalysisTests
{
    [Fact]
    public void Build_LatentCapturedByIfBranch_FailsNamingNodeAndTensor()
    {
        var op = Conditional(new OpModel(17).Latent("x", 4).Node("Tanh", ["x"], "t"), "t", nested: false);
        var model = op.Build("y");

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec("y")));

        Assert.Equal("If", ex.OpType);
        Assert.Equal("branch", ex.NodeName);
        Assert.Contains("'t'", ex.Message);
        Assert.Contains("then_branch", ex.Message);
        Assert.Contains("control flow", ex.Message);
    }

    [Fact]
    public void Build_LatentCapturedByNestedSubgraph_Fails()
    {
        var op = Conditional(new OpModel(17).Latent("x", 4).Node("Tanh", ["x"], "t"), "t", nested: true);
        var model = op.Build("y");

        var ex = Assert.Throws<GradientBuildException>(() => BuildObjective(model, op));

        Assert.Equal("If", ex.OpType);
        Assert.Contains("'t'", ex.Message);
    }

    [Fact]
    public void Build_IfNotReadingTheLatent_IsOffThePath()
    {
        var op = Conditional(new OpModel(17).Latent("x", 4).Floats("c", [1, 2, 3, 4], 4), "c", nested: false).Node("Mul", ["y", "x"], "out");
        var model = op.Build();

        var report = GradientChecker.Check(model, op.Spec());

        Assert.True(report.MaxRelativeError < (report.Precision == "float64" ? 1e-6 : 5e-3), $"{report.Precision}: {report.MaxRelativeError}");
    }

    [Theory]
    [InlineData("Round")]
    [InlineData("Floor")]
    [InlineData("Ceil")]
    [InlineData("Sign")]
    public void Build_PiecewiseConstantOpOnPath_FailsSayingTheGradientIsZero(string opType)
    {
        var op = new OpModel(17).Latent("x", 4).Node("Tanh", ["x"], "t").Node(opType, ["t"], "r").Node("Mul", ["r", "x"], "y");
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal(opType, ex.OpType);
        Assert.Equal(OpSupport.ZeroGradient, GradientSupport.Classify(opType));
        Assert.Contains("zero almost everywhere", ex.Message);
    }

    [Fact]
    public void Build_CastToIntegerAndBack_FailsNamingTheCast()
    {
        var op = new OpModel(17).Latent("x", 4).Node("Tanh", ["x"], "t")
            .Node("Cast", ["t"], "i", Attr.Int("to", (long)DataType.Int64)).Node("Cast", ["i"], "f", Attr.Int("to", (long)DataType.Float))
            .Node("Add", ["f", "x"], "y");
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal("Cast", ex.OpType);
        Assert.Equal("Cast_1", ex.NodeName);
        Assert.Contains("Int64", ex.Message);
    }

    [Fact]
    public void Build_ValueIndependentOpOfTheLatent_PassesNoGradient()
    {
        // EyeLike reads only its input's shape: y = x ⊙ I, dy/dx = I, with no gradient through EyeLike itself.
        var op = new OpModel(17).FixedLatent("x", 3, 3).Node("EyeLike", ["x"], "eye").Node("Mul", ["x", "eye"], "y");
        var model = op.Build();

        var report = GradientChecker.Check(model, op.Spec());

        Assert.Equal(OpSupport.PassThrough, GradientSupport.Classify("EyeLike"));
        Assert.True(report.MaxRelativeError < (report.Precision == "float64" ? 1e-6 : 5e-3), $"{report.Precision}: {report.MaxRelativeError}");
    }

    [Fact]
    public void Build_NodesOutOfOrder_AreSortedFirst()
    {
        var op = new OpModel(17).Latent("x", 4).Node("Tanh", ["x"], "t").Node("Mul", ["t", "x"], "y");
        var model = op.Build();
        var reversed = model.Graph.Node.Reverse().ToArray();
        model.Graph.Node.Clear();
        model.Graph.Node.AddRange(reversed);

        var report = GradientChecker.Check(model, op.Spec());

        Assert.True(report.MaxRelativeError < (report.Precision == "float64" ? 1e-6 : 5e-3), $"{report.Precision}: {report.MaxRelativeError}");
    }

    private static Autodiff.Objective.ObjectiveGraph BuildObjective(ModelProto model, OpModel op) =>
        Autodiff.Objective.ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new Autodiff.Objective.ObjectiveSpec { Latents = op.Latents, ImageOutput = "y" });

    /// <summary>y = If(true) { Identity(captured) } else { Neg(captured) }, optionally one If deeper.</summary>
    private static OpModel Conditional(OpModel op, string captured, bool nested)
    {
        GraphProto Branch(string name, string opType, string output) => new()
        {
            Name = name,
            Node = { new NodeProto { OpType = opType, Name = name + "_node", Input = { captured }, Output = { output } } },
            Output = { ValueInfoFactory.Tensor(output, DataType.Float, null) },
        };

        var then = Branch("then", "Identity", "then_out");
        var otherwise = Branch("else", "Neg", "else_out");
        if (nested)
        {
            var inner = new NodeProto { OpType = "If", Name = "inner", Input = { "cond" }, Output = { "inner_out" } };
            inner.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = Branch("inner_then", "Identity", "inner_then_out") });
            inner.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeType.Graph, G = Branch("inner_else", "Neg", "inner_else_out") });
            then = new GraphProto { Name = "then", Node = { inner }, Output = { ValueInfoFactory.Tensor("inner_out", DataType.Float, null) } };
        }

        var condition = new TensorProto { Name = "cond", DataType = (int)DataType.Bool };
        condition.Int32Data.Add(1);
        return op.Tensor(condition).Node("If", ["cond"], "y",
            new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = then },
            new AttributeProto { Name = "else_branch", Type = AttributeType.Graph, G = otherwise })
            .Named("branch");
    }
}
