using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>Orders a graph's nodes so every node follows the producers of its inputs (ONNX requires it; some tools don't).</summary>
internal static class TopologicalOrder
{
    public static IReadOnlyList<NodeProto> Sort(GraphProto graph)
    {
        var available = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(t => t.Name)), StringComparer.Ordinal)
        {
            string.Empty,
        };
        var pending = graph.Node.ToList();
        var ordered = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = ordered.Count;
            for (int i = 0; i < pending.Count; i++)
            {
                var node = pending[i];
                if (node.Input.All(available.Contains))
                {
                    ordered.Add(node);
                    available.UnionWith(node.Output);
                    pending.RemoveAt(i--);
                }
            }

            if (ordered.Count == before)
            {
                var stuck = pending[0];
                string missing = stuck.Input.First(i => !available.Contains(i));
                throw new GradientBuildException(
                    $"the graph has a cycle or an undefined input: {stuck.Describe()} reads '{missing}', which nothing produces",
                    stuck.OpType, stuck.Name);
            }
        }

        return ordered;
    }

}
