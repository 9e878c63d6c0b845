using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Cuts a graph at a latent tensor, fixes input shapes, and extracts the subgraph that produced a cut latent.</summary>
internal static class GraphCuts
{
    public static void CutAtLatent(GraphProto graph, string cut, HostTensor observed, object batchDim)
    {
        var builder = new GraphBuilder(graph, 1);
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == cut)
                {
                    node.Output[i] = builder.UniqueName(cut + "_replaced");
                }
            }
        }

        var value = graph.ValueInfo.FirstOrDefault(v => v.Name == cut);
        if (value is not null)
        {
            graph.ValueInfo.Remove(value);
        }

        graph.Input.Add(ValueInfoFactory.Tensor(cut, DataType.Float, observed.Dims.Select((d, axis) => axis == 0 ? batchDim : d).Cast<object?>()));
    }

    public static void FixInputShapes(GraphProto graph, Dictionary<string, long[]> shapes, GraphIndex original, object batchDim)
    {
        foreach (var input in graph.Input.Where(i => shapes.ContainsKey(i.Name) && original.Inputs.Contains(i.Name)).ToArray())
        {
            var dims = shapes[input.Name].Select((d, axis) => axis == 0 && BatchRewriter.LeadingDim(input) is null ? batchDim : d).Cast<object?>();
            var replacement = ValueInfoFactory.Tensor(input.Name, (DataType)input.Type.TensorType.ElemType, dims);
            input.Type = replacement.Type;
        }
    }

    public static ModelProto ProducerModel(ModelProto model, string cut, HostTensor observed, Dictionary<string, long[]> shapes, GraphIndex index, object batchDim)
    {
        var producer = model.Clone();
        var graph = producer.Graph;
        graph.Output.Clear();
        graph.Output.Add(ValueInfoFactory.Tensor(cut, DataType.Float, observed.Dims.Select((d, axis) => axis == 0 ? batchDim : d).Cast<object?>()));
        GraphPruner.Prune(graph);
        FixInputShapes(graph, shapes, index, batchDim);
        return producer;
    }
}
