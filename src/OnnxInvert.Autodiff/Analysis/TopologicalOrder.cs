using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Orders a graph's nodes so every node follows the producers of its inputs, outer-scope values captured by its
/// subgraphs included (ONNX requires it; some tools don't). Kahn's algorithm, O(n log n) in the node count.
/// </summary>
internal static class TopologicalOrder
{
    /// <summary>Takes ready nodes in their original order, so an already sorted graph keeps its order.</summary>
    public static IReadOnlyList<NodeProto> Sort(GraphProto graph) => Order(graph, byReadiness: false);

    /// <summary>
    /// Takes ready nodes in the order they became ready (first ready, first placed), so each node comes soon after the
    /// last producer of its inputs rather than where it was written.
    /// </summary>
    public static IReadOnlyList<NodeProto> ByReadiness(GraphProto graph) => Order(graph, byReadiness: true);

    private static List<NodeProto> Order(GraphProto graph, bool byReadiness)
    {
        var nodes = graph.Node;
        var available = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(t => t.Name)), StringComparer.Ordinal)
        {
            string.Empty,
        };
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            foreach (string output in nodes[i].Output.Where(o => o.Length > 0))
            {
                producer.TryAdd(output, i);
            }
        }

        var waiting = new int[nodes.Count];
        var consumers = new List<int>?[nodes.Count];
        var ready = new PriorityQueue<int, int>();
        int readied = 0;
        int Rank(int index) => byReadiness ? readied++ : index;
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            foreach (string input in node.Input.Concat(SubgraphCaptures.Of(node).Select(c => c.Tensor)).Distinct(StringComparer.Ordinal))
            {
                if (available.Contains(input))
                {
                    continue;
                }

                if (!producer.TryGetValue(input, out int from) || from == i)
                {
                    throw Stuck(node, input);
                }

                waiting[i]++;
                (consumers[from] ??= []).Add(i);
            }

            if (waiting[i] == 0)
            {
                ready.Enqueue(i, Rank(i));
            }
        }

        var ordered = new List<NodeProto>(nodes.Count);
        while (ready.TryDequeue(out int index, out _))
        {
            ordered.Add(nodes[index]);
            foreach (int consumer in consumers[index] ?? [])
            {
                if (--waiting[consumer] == 0)
                {
                    ready.Enqueue(consumer, Rank(consumer));
                }
            }
        }

        if (ordered.Count < nodes.Count)
        {
            var stuck = Enumerable.Range(0, nodes.Count).First(i => waiting[i] > 0);
            var done = new HashSet<string>(ordered.SelectMany(n => n.Output), StringComparer.Ordinal);
            string missing = nodes[stuck].Input.Concat(SubgraphCaptures.Of(nodes[stuck]).Select(c => c.Tensor))
                .First(i => !available.Contains(i) && !done.Contains(i));
            throw Stuck(nodes[stuck], missing);
        }

        return ordered;
    }

    private static GradientBuildException Stuck(NodeProto node, string missing) =>
        new($"the graph has a cycle or an undefined input: {node.Describe()} reads '{missing}', which nothing produces before it",
            node.OpType, node.Name);
}
