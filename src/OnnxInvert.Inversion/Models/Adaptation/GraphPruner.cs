using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Removes from a graph every node, initializer, input and value_info that its outputs do not need.</summary>
internal static class GraphPruner
{
    /// <summary>Prunes <paramref name="graph"/> in place; returns how many nodes were removed.</summary>
    public static int Prune(GraphProto graph)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                producers[output] = node;
            }
        }

        var needed = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var keep = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>(needed);
        while (pending.Count > 0)
        {
            if (!producers.TryGetValue(pending.Pop(), out var node) || !keep.Add(node))
            {
                continue;
            }

            foreach (string input in GraphIndex.Reads(node))
            {
                if (needed.Add(input))
                {
                    pending.Push(input);
                }
            }
        }

        int before = graph.Node.Count;
        var kept = graph.Node.Where(keep.Contains).ToArray();
        graph.Node.Clear();
        graph.Node.AddRange(kept);

        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToArray();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);

        var inputs = graph.Input.Where(i => needed.Contains(i.Name)).ToArray();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);

        var declared = graph.Input.Select(i => i.Name).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        var valueInfo = graph.ValueInfo.Where(v => needed.Contains(v.Name) && !declared.Contains(v.Name)).ToArray();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
        return before - kept.Length;
    }
}
