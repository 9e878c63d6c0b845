using OnnxInvert.BackendRoundTrip.Suite;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Conformance.Tests.Suite;

public sealed class GraphInterfaceTests
{
    [Fact]
    public void Of_InputThatIsAnInitializer_IsNotFed()
    {
        ModelProto model = Model(Value("x", Tensor(TensorElementType.Float)), Value("w", Tensor(TensorElementType.Float)));
        model.Graph.Initializer.Add(new TensorProto { Name = "w", DataType = (int)TensorElementType.Float });

        var graph = GraphInterface.Of(model);

        Assert.Equal(["x"], graph.Inputs.Select(i => i.Name));
        Assert.Null(graph.WhyNotFeedable());
    }

    [Fact]
    public void WhyNotFeedable_SequenceInput_DescribesItsType()
    {
        var sequence = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = Tensor(TensorElementType.Float) } };
        ModelProto model = Model(Value("s", sequence));

        Assert.Equal("input 's' is seq(tensor(float))", GraphInterface.Of(model).WhyNotFeedable());
    }

    [Fact]
    public void WhyNotFeedable_Bfloat16Output_DescribesItsType()
    {
        ModelProto model = Model(Value("x", Tensor(TensorElementType.Float)));
        model.Graph.Output.Add(Value("y", Tensor(TensorElementType.BFloat16)));

        Assert.Equal("output 'y' is tensor(bfloat16)", GraphInterface.Of(model).WhyNotFeedable());
    }

    private static ModelProto Model(params ValueInfoProto[] inputs) => new() { Graph = new GraphProto { Input = { inputs } } };

    private static ValueInfoProto Value(string name, TypeProto type) => new() { Name = name, Type = type };

    private static TypeProto Tensor(TensorElementType type) =>
        new() { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } };
}
