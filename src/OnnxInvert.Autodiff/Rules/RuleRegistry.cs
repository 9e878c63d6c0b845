using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>The gradient rules known to the builder, looked up by op type (default ONNX domain only).</summary>
internal sealed class RuleRegistry
{
    private readonly Dictionary<string, GradientRule> _rules = new(StringComparer.Ordinal);

    public RuleRegistry(IEnumerable<GradientRule> rules)
    {
        foreach (var rule in rules)
        {
            foreach (string op in rule.OpTypes)
            {
                if (!_rules.TryAdd(op, rule))
                {
                    throw new InvalidOperationException($"two gradient rules claim op type {op}");
                }
            }
        }
    }

    /// <summary>The registry with every rule in this assembly.</summary>
    public static RuleRegistry Default { get; } = new(typeof(RuleRegistry).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(GradientRule)) && !t.IsAbstract)
        .Select(t => (GradientRule)Activator.CreateInstance(t)!));

    /// <summary>The differentiable op types, sorted.</summary>
    public IReadOnlyList<string> OpTypes => _rules.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The rule for <paramref name="node"/>, or null.</summary>
    public GradientRule? Find(NodeProto node) =>
        node.Domain is "" or "ai.onnx" && _rules.TryGetValue(node.OpType, out var rule) ? rule : null;

    /// <summary>The rule for an op type of the default domain, or null.</summary>
    public GradientRule? Find(string opType) => _rules.GetValueOrDefault(opType);
}
