using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Tests.Torch;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using AttributeType = OnnxInvert.Onnx.Proto.AttributeProto.Types.AttributeType;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Tests.Analysis;

/// <summary>
/// A long graph is probed in pieces (<see cref="ProbeSegments"/>) and must see exactly what one session over the whole
/// graph sees: every value's element type, shape, batch-dependent axes and small observed values. Pieces are forced
/// small here, so real exports cross many piece boundaries; a piece that fails throws instead of falling back.
/// </summary>
public sealed class ShapeProbeTests
{
    public static TheoryData<string> CorpusModels => [.. CorpusCase.Names];

    [Theory]
    [MemberData(nameof(CorpusModels))]
    public void RunInPieces_CorpusExport_SeesWhatTheWholeGraphProbeSees(string name)
    {
        var reference = CorpusCase.Load(name);
        var model = OnnxModelReader.Read(reference.ModelPath);
        ShapeTable whole;
        try
        {
            whole = ShapeProbe.RunInPieces(model, null, null, int.MaxValue, wholeOnFailure: false);
        }
        catch (GradientBuildException)
        {
            return; // a symbolic latent size: the probe needs the shape given, which is not what this tests
        }

        var pieces = ShapeProbe.RunInPieces(model, null, null, segmentNodes: 3, wholeOnFailure: false);

        AssertSame(model, whole, pieces);
    }

    [Theory]
    [InlineData("mnist-table1-uniform")]
    [InlineData("dcgan64-colour-fashion")]
    public void RunInPieces_BundledGenerator_SeesWhatTheWholeGraphProbeSees(string name)
    {
        var model = OnnxModelReader.Read(Path.Combine(RepoPaths.Root, "onnx-models", name, "generator.onnx"));

        var whole = ShapeProbe.RunInPieces(model, null, null, int.MaxValue, wholeOnFailure: false);
        var pieces = ShapeProbe.RunInPieces(model, null, null, segmentNodes: 2, wholeOnFailure: false);

        AssertSame(model, whole, pieces);
    }

    [Fact]
    public void RunInPieces_SkipsConstantsAndSubgraphCapturesAcrossPieces_SeesWhatTheWholeGraphProbeSees()
    {
        // A long skip connection, a Constant node and a shared initializer read pieces later, a shape computed at run
        // time (observed values), and an If whose branches capture a value of an earlier piece.
        var op = new OpModel(17).Latent("x", 4).Floats("scale", [1.5f, 0.5f, 2f, 1f], 4)
            .Node("Constant", [], "offset", new AttributeProto { Name = "value_float", Type = AttributeType.Float, F = 0.25f })
            .Node("Tanh", ["x"], "a").Node("Mul", ["a", "scale"], "b").Node("Tanh", ["b"], "c").Node("Shape", ["c"], "shape")
            .Node("Reshape", ["c", "shape"], "d").Node("Add", ["d", "offset"], "e").Node("Mul", ["e", "scale"], "f").Node("Add", ["f", "a"], "g");
        var branch = (string opType, string output) => new GraphProto
        {
            Name = output,
            Node = { new NodeProto { OpType = opType, Input = { "b" }, Output = { output } } },
            Output = { ValueInfoFactory.Tensor(output, DataType.Float, null) },
        };
        var condition = new TensorProto { Name = "cond", DataType = (int)DataType.Bool };
        condition.Int32Data.Add(1);
        var model = op.Tensor(condition).Node("If", ["cond"], "h",
                new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = branch("Identity", "then_out") },
                new AttributeProto { Name = "else_branch", Type = AttributeType.Graph, G = branch("Neg", "else_out") })
            .Node("Add", ["g", "h"], "y").Build();

        var whole = ShapeProbe.RunInPieces(model, null, null, int.MaxValue, wholeOnFailure: false);
        var pieces = ShapeProbe.RunInPieces(model, null, null, segmentNodes: 2, wholeOnFailure: false);

        AssertSame(model, whole, pieces);
        Assert.Equal([0.25], pieces.ObservedValues["offset"]);
        Assert.True(pieces["g"].BatchDependent[0] && !pieces["g"].BatchDependent[1]);
    }

    [Fact]
    public void Split_LongChain_PiecesOfTheGivenSize_EachReadingOnlyTheValueBeforeIt_WithItsLastReader()
    {
        var model = ChainModels.Create(10);
        var segments = ProbeSegments.Split(model, 4);

        Assert.Equal(3, segments.Count);
        var (first, firstInputs, firstOutputs) = segments.Piece(0, _ => DataType.Float);
        var (last, lastInputs, _) = segments.Piece(2, _ => DataType.Float);
        Assert.Equal([ChainModels.Latent], firstInputs);
        Assert.Equal(["t0", "t1", "t2", "t3"], firstOutputs);
        Assert.Contains(first.Graph.Initializer, t => t.Name == "scale");
        Assert.Equal(["t7"], lastInputs);
        Assert.Equal(3, last.Graph.Node.Count); // t8, t9 and the Reshape
        Assert.Equal(2, segments.LastReader("t7"));
        Assert.Equal(2, segments.LastReader("scale"));
        Assert.Equal(-1, segments.LastReader(ChainModels.Image));
    }

    private static void AssertSame(ModelProto model, ShapeTable whole, ShapeTable pieces)
    {
        var names = model.Graph.Input.Select(i => i.Name).Concat(model.Graph.Node.SelectMany(n => n.Output)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal);
        foreach (string name in names)
        {
            Assert.Equal(whole.Contains(name), pieces.Contains(name));
            if (!whole.Contains(name))
            {
                continue;
            }

            var (w, p) = (whole[name], pieces[name]);
            Assert.True(w.ElementType == p.ElementType && w.Dims.SequenceEqual(p.Dims) && w.BatchDependent.SequenceEqual(p.BatchDependent), $"{name}: whole {w}, pieces {p}");
        }

        Assert.Equal(whole.ObservedValues.Keys.Order(StringComparer.Ordinal), pieces.ObservedValues.Keys.Order(StringComparer.Ordinal));
        Assert.All(whole.ObservedValues, entry => Assert.Equal(entry.Value, pieces.ObservedValues[entry.Key]));
    }
}
