using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Finds the tensors that need gradients: forward-reachable from a latent through differentiable operands of float
/// type, and backward-reachable from an output. Also remembers, for error messages, how each active tensor was reached.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _reachedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reachedFrom = new(StringComparer.Ordinal);

    public ActivityAnalysis(IReadOnlyList<NodeProto> nodes, IEnumerable<string> latents, IEnumerable<string> outputs, ShapeTable shapes, RuleRegistry rules)
    {
        var forward = new HashSet<string>(latents, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var rule = rules.Find(node);
            for (int i = 0; i < node.Input.Count; i++)
            {
                string input = node.Input[i];
                if (input.Length == 0 || !forward.Contains(input) || (rule is not null && !rule.IsDifferentiableInput(node, i)))
                {
                    continue;
                }

                foreach (string output in node.Output.Where(o => o.Length > 0 && shapes.Contains(o) && shapes[o].IsFloat))
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
            }
        }

        _active.UnionWith(forward.Where(backward.Contains));
    }

    /// <summary>Whether tensor <paramref name="name"/> needs a gradient.</summary>
    public bool IsActive(string name) => _active.Contains(name);

    /// <summary>Whether any output of <paramref name="node"/> needs a gradient.</summary>
    public bool IsActive(NodeProto node) => node.Output.Any(_active.Contains);

    /// <summary>The chain from a latent to <paramref name="node"/>: ["z", "Gemm node 'fc1'", ..., node].</summary>
    public IReadOnlyList<string> PathTo(NodeProto node)
    {
        var path = new List<string> { node.Describe() };
        string? tensor = node.Input.FirstOrDefault(_active.Contains);
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
