using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// The outer-scope values a node's subgraphs (If branches, Loop and Scan bodies, nested at any depth) read without
/// declaring them: ONNX lets a subgraph capture any tensor of an enclosing graph by name. These are inputs of the node
/// as far as data flow goes, though they are not listed in its inputs.
/// </summary>
internal static class SubgraphCaptures
{
    /// <summary>Each captured outer-scope tensor once, with the attribute (subgraph) that first reads it.</summary>
    public static IReadOnlyList<(string Tensor, string Subgraph)> Of(NodeProto node)
    {
        List<(string, string)>? found = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in node.Attribute)
        {
            foreach (var graph in attribute.Graphs.Prepend(attribute.G).OfType<GraphProto>())
            {
                foreach (string name in Free(graph))
                {
                    if (seen.Add(name))
                    {
                        (found ??= []).Add((name, attribute.Name));
                    }
                }
            }
        }

        return found ?? (IReadOnlyList<(string, string)>)[];
    }

    /// <summary>The names <paramref name="graph"/> (and its own subgraphs) read but does not define.</summary>
    private static IEnumerable<string> Free(GraphProto graph)
    {
        var defined = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(t => t.Name)), StringComparer.Ordinal)
        {
            string.Empty,
        };
        foreach (var node in graph.Node)
        {
            foreach (string input in node.Input.Concat(Of(node).Select(c => c.Tensor)))
            {
                if (!defined.Contains(input))
                {
                    yield return input;
                }
            }

            defined.UnionWith(node.Output);
        }

        foreach (var output in graph.Output.Where(o => !defined.Contains(o.Name)))
        {
            yield return output.Name;
        }
    }
}
