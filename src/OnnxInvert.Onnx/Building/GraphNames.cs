using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Building;

/// <summary>Collects every value and node name used in a graph, its subgraphs included.</summary>
internal static class GraphNames
{
    public static void Collect(GraphProto graph, ISet<string> names)
    {
        foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
        {
            names.Add(value.Name);
        }

        foreach (var tensor in graph.Initializer)
        {
            names.Add(tensor.Name);
        }

        foreach (var node in graph.Node)
        {
            if (node.HasName)
            {
                names.Add(node.Name);
            }

            foreach (string name in node.Input.Concat(node.Output))
            {
                names.Add(name);
            }

            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    Collect(attribute.G, names);
                }

                foreach (var subgraph in attribute.Graphs)
                {
                    Collect(subgraph, names);
                }
            }
        }

        names.Remove(string.Empty);
    }
}
