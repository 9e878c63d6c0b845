using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff;

/// <summary>
/// Reverse-mode differentiation of a forward graph: walks the active nodes in reverse topological order, asks each
/// node's rule for the vector-Jacobian product, and sums the contributions a tensor receives from several consumers.
/// </summary>
internal sealed class BackwardPass
{
    private readonly Emitter _emit;
    private readonly ShapeTable _shapes;
    private readonly RuleRegistry _rules;

    private readonly GraphProto _graph;
    private readonly BuildProgress? _progress;

    public BackwardPass(GraphProto forward, Emitter emitter, ShapeTable shapes, RuleRegistry rules, BuildProgress? progress = null)
    {
        _graph = forward;
        _emit = emitter;
        _shapes = shapes;
        _rules = rules;
        _progress = progress;
    }

    /// <summary>
    /// Emits the backward graph for <paramref name="nodes"/> (the forward graph, topologically sorted) seeded with
    /// cotangents for some tensors, and returns each latent's gradient (null when no path links it to a seed).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Run(IReadOnlyList<NodeProto> nodes, IReadOnlyList<string> latents, IReadOnlyDictionary<string, string> seeds)
    {
        _progress?.Report($"activity analysis over {nodes.Count:N0} nodes");
        var activity = new ActivityAnalysis(nodes, latents, seeds.Keys, _shapes, _rules);
        var constants = new ConstantTable(_graph, _shapes.ObservedValues);
        var contributions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (tensor, seed) in seeds)
        {
            contributions[tensor] = [seed];
        }

        for (int n = nodes.Count - 1; n >= 0; n--)
        {
            _progress?.Step("backward pass", nodes.Count - n, nodes.Count);
            var node = nodes[n];
            if (!activity.IsActive(node))
            {
                continue;
            }

            var outputGrads = node.Output.Select(o => Accumulate(contributions, o)).ToArray();
            if (outputGrads.All(g => g is null))
            {
                continue;
            }

            var rule = _rules.Find(node) ?? throw Unsupported(node, activity, GradientSupport.Why(GradientSupport.Classify(node.OpType, node.Domain)));
            var needs = Enumerable.Range(0, node.Input.Count)
                .Select(i => node.Input[i].Length > 0 && activity.IsActive(node.Input[i]) && rule.IsDifferentiableInput(node, i))
                .ToArray();
            var context = new BackwardContext(node, _emit, _shapes, constants, outputGrads, needs);
            try
            {
                rule.Backward(context);
            }
            catch (GradientBuildException ex) when (ex.Path.Count == 0)
            {
                throw new GradientBuildException(ex.Message + PathText(activity.PathTo(node)), ex.OpType ?? node.OpType, ex.NodeName ?? node.Name, activity.PathTo(node));
            }

            for (int i = 0; i < needs.Length; i++)
            {
                if (!needs[i])
                {
                    continue;
                }

                string grad = context.InputGrads[i]
                    ?? throw Unsupported(node, activity, $"the rule produced no gradient for input {i} ('{node.Input[i]}')");
                if (!contributions.TryGetValue(node.Input[i], out var list))
                {
                    contributions[node.Input[i]] = list = [];
                }

                list.Add(grad);
            }
        }

        _progress?.Report($"backward pass done: {nodes.Count:N0} forward nodes");
        return latents.ToDictionary(l => l, l => Accumulate(contributions, l), StringComparer.Ordinal);
    }

    private string? Accumulate(Dictionary<string, List<string>> contributions, string tensor)
    {
        if (!contributions.TryGetValue(tensor, out var terms) || terms.Count == 0)
        {
            return null;
        }

        if (terms.Count > 1)
        {
            string sum = _emit.Sum(terms, "acc");
            terms.Clear();
            terms.Add(sum);
        }

        return terms[0];
    }

    private static GradientBuildException Unsupported(NodeProto node, ActivityAnalysis activity, string why)
    {
        var path = activity.PathTo(node);
        return new GradientBuildException($"cannot differentiate {node.Describe()}: {why}{PathText(path)}", node.OpType, node.Name, path);
    }

    private static string PathText(IReadOnlyList<string> path) => ActivityAnalysis.PathText(path);
}
