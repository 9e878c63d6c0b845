using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Tests.Building;

public sealed class GraphBuilderTests
{
    [Fact]
    public void UniqueName_ExistingNames_AreNeverReused()
    {
        var model = TestModels.Affine();
        var builder = new GraphBuilder(model.Graph, 17);

        string[] names = [builder.UniqueName("z"), builder.UniqueName("z"), builder.UniqueName("W"), builder.UniqueName("fresh")];

        Assert.Equal(["z_1", "z_2", "W_1", "fresh"], names);
    }

    [Fact]
    public void UniqueName_NamesInsideSubgraphs_AreReserved()
    {
        var inner = new GraphProto { Name = "body" };
        inner.Node.Add(new NodeProto { OpType = "Identity", Input = { "a" }, Output = { "inner_value" } });
        var outer = new GraphProto();
        outer.Node.Add(new NodeProto { OpType = "If", Attribute = { new AttributeProto { Name = "then_branch", G = inner } } });

        var builder = new GraphBuilder(outer, 17);

        Assert.Equal("inner_value_1", builder.UniqueName("inner_value"));
    }

    [Fact]
    public void Node_MultipleOutputs_AppendsOneNodeWithUniqueOutputs()
    {
        var graph = new GraphProto();
        var builder = new GraphBuilder(graph, 17);

        string[] outputs = builder.Node("Split", ["x"], 3, "part", Attr.Int("axis", 1));

        var node = Assert.Single(graph.Node);
        Assert.Equal("Split", node.OpType);
        Assert.Equal(outputs, node.Output);
        Assert.Equal(3, outputs.Distinct().Count());
        Assert.Equal(1, node.Attribute.Single().I);
    }

    [Fact]
    public void Claim_UsedName_Throws()
    {
        var builder = new GraphBuilder(TestModels.Affine().Graph, 17);

        Assert.Throws<InvalidOperationException>(() => builder.Claim("W"));
    }

    [Fact]
    public void Constant_DuplicateHint_GetsUniqueInitializerName()
    {
        var graph = new GraphProto();
        var builder = new GraphBuilder(graph, 17);

        string a = builder.Int64s("shape", 1, 2);
        string b = builder.Int64s("shape", 3);

        Assert.NotEqual(a, b);
        Assert.Equal([a, b], graph.Initializer.Select(t => t.Name));
    }

    [Theory]
    [InlineData(11, 6)]
    [InlineData(13, 7)]
    [InlineData(17, 8)]
    [InlineData(20, 9)]
    [InlineData(21, 10)]
    public void IrVersionFor_Opset_IsLowestThatCarriesIt(long opset, long ir) => Assert.Equal(ir, ModelFactory.IrVersionFor(opset));
}
