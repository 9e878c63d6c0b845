using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Tests.Inspection;

public sealed class ModelInspectorTests
{
    [Fact]
    public void Inspect_Affine_ReportsInterfaceAndHistogram()
    {
        var summary = ModelInspector.Inspect(TestModels.Affine());

        Assert.Equal("z", Assert.Single(summary.Inputs).Name);
        Assert.Equal("float [batch,3]", summary.Inputs[0].ToString());
        Assert.Equal(17, summary.Opsets[""]);
        Assert.Equal([new KeyValuePair<string, int>("Add", 1), new("MatMul", 1)], summary.OpHistogram);
        Assert.Equal(2, summary.InitializerCount);
        Assert.Equal(8, summary.ParameterCount);
        Assert.Equal("z", Assert.Single(summary.LatentCandidates).Name);
        Assert.Null(summary.ImageOutput);
    }

    [Fact]
    public void Inspect_Generator_FindsLatentAndImage()
    {
        var graph = new GraphProto { Name = "g" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("noise", DataType.Float, ["batch", 1, 8, 8]));
        builder.AddInput(ValueInfoFactory.Tensor("z", DataType.Float, ["batch", 64, 1, 1]));
        builder.AddInput(ValueInfoFactory.Tensor("label", DataType.Int64, ["batch"]));
        builder.AddOutput(ValueInfoFactory.Tensor("img", DataType.Float, ["batch", 3, 64, 64]));

        var summary = ModelInspector.Inspect(ModelFactory.Create(graph, 17));

        Assert.Equal("z", Assert.Single(summary.LatentCandidates).Name);
        Assert.Equal("img", summary.ImageOutput?.Name);
    }

    [Fact]
    public void Inspect_InitializersListedAsInputs_AreNotInputs()
    {
        var model = TestModels.Affine();
        model.Graph.Input.Add(ValueInfoFactory.Tensor("W", DataType.Float, [3, 2]));

        var summary = ModelInspector.Inspect(model);

        Assert.Equal(["z"], summary.Inputs.Select(i => i.Name));
    }
}
