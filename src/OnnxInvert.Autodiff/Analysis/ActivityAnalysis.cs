using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Finds the tensors that need gradients: forward-reachable from a latent through differentiable operands of float
/// type, and backward-reachable from an output. Outer-scope values captured by subgraphs count as inputs of the node
/// that owns the subgraph. Fails, naming the node, where latent-derived data would reach an output along a path whose
/// gradient is silently zero (<see cref="GradientSupport.Classify"/>): control flow, piecewise-constant ops, casts to
/// non-float types. Also remembers, for error messages, how each active tensor was reached.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _reachedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reachedFrom = new(StringComparer.Ordinal);

    public ActivityAnalysis(IReadOnlyList<NodeProto> nodes, IEnumerable<string> latents, IEnumerable<string> outputs, ShapeTable shapes, RuleRegistry rules)
    {
        var forward = new HashSet<string>(latents, StringComparer.Ordinal);
        var captures = new Dictionary<NodeProto, IReadOnlyList<(string Tensor, string Subgraph)>>();
        var quantized = new Dictionary<string, (NodeProto Node, string From)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var rule = rules.Find(node);
            var support = GradientSupport.Classify(node.OpType, node.Domain);
            var captured = SubgraphCaptures.Of(node);
            if (captured.Count > 0)
            {
                captures[node] = captured;
            }

            if (support == OpSupport.PassThrough)
            {
                continue;
            }

            var reaching = node.Input.Select((input, i) => (input, i))
                .Where(p => p.input.Length > 0 && forward.Contains(p.input) && (rule is null || rule.IsDifferentiableInput(node, p.i)))
                .Select(p => p.input)
                .Concat(captured.Select(c => c.Tensor).Where(forward.Contains));
            foreach (string input in reaching)
            {
                var produced = node.Output.Where(o => o.Length > 0 && shapes.Contains(o)).ToArray();
                if (rule is CastRule && produced.All(o => !shapes[o].IsFloat))
                {
                    foreach (string output in produced)
                    {
                        quantized.TryAdd(output, (node, input));
                    }
                }

                foreach (string output in produced.Where(o => shapes[o].IsFloat))
                {
                    if (forward.Add(output))
                    {
                        _reachedBy[output] = node;
                        _reachedFrom[output] = input;
                    }
                }
            }
        }

        var backward = new HashSet<string>(outputs, StringComparer.Ordinal);
        for (int n = nodes.Count - 1; n >= 0; n--)
        {
            var node = nodes[n];
            if (node.Output.Any(backward.Contains))
            {
                backward.UnionWith(node.Input.Where(i => i.Length > 0));
                if (captures.TryGetValue(node, out var captured))
                {
                    backward.UnionWith(captured.Select(c => c.Tensor));
                }
            }
        }

        _active.UnionWith(forward.Where(backward.Contains));
        foreach (var (tensor, (node, from)) in quantized.Where(q => backward.Contains(q.Key)))
        {
            throw new GradientBuildException(
                $"cannot differentiate {node.Describe()}: it casts latent-derived data ('{from}') to {shapes[tensor].ElementType}, whose gradient is zero, " +
                $"so the latent would get no gradient along this path{PathText(PathTo(node))}",
                node.OpType, node.Name, PathTo(node));
        }

        foreach (var (node, captured) in captures.Where(c => IsActive(c.Key)))
        {
            if (captured.FirstOrDefault(c => _active.Contains(c.Tensor) || forward.Contains(c.Tensor)) is { Tensor: not null } capture)
            {
                throw new GradientBuildException(
                    $"cannot differentiate {node.Describe()}: {GradientSupport.Why(OpSupport.ControlFlow)}, and its subgraph '{capture.Subgraph}' " +
                    $"reads the latent-derived tensor '{capture.Tensor}' from the enclosing graph{PathText(PathTo(node))}",
                    node.OpType, node.Name, PathTo(node));
            }
        }
    }

    /// <summary>Whether tensor <paramref name="name"/> needs a gradient.</summary>
    public bool IsActive(string name) => _active.Contains(name);

    /// <summary>Whether any output of <paramref name="node"/> needs a gradient.</summary>
    public bool IsActive(NodeProto node) => node.Output.Any(_active.Contains);

    /// <summary>" (reached from the latent via z -> Gemm node 'fc1' -> ...)".</summary>
    public static string PathText(IReadOnlyList<string> path) => $" (reached from the latent via {string.Join(" -> ", path)})";

    /// <summary>The chain from a latent to <paramref name="node"/>: ["z", "Gemm node 'fc1'", ..., node].</summary>
    public IReadOnlyList<string> PathTo(NodeProto node)
    {
        var path = new List<string> { node.Describe() };
        string? tensor = node.Input.Concat(SubgraphCaptures.Of(node).Select(c => c.Tensor))
            .FirstOrDefault(t => _active.Contains(t) || _reachedBy.ContainsKey(t) || _reachedFrom.ContainsValue(t));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (tensor is not null && seen.Add(tensor))
        {
            if (_reachedBy.TryGetValue(tensor, out var producer))
            {
                path.Add(producer.Describe());
                tensor = _reachedFrom[tensor];
            }
            else
            {
                path.Add(tensor);
                tensor = null;
            }
        }

        path.Reverse();
        return path;
    }
}
