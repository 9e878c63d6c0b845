using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Finds the nodes of a generator that mix the samples of a batch, so that G(z)ᵢ depends on other rows than zᵢ:
/// BatchNormalization normalising with its own batch's statistics (the paper's section 2.1), and any node that takes a
/// batch-dependent float tensor and yields a float tensor whose shape no longer depends on the batch (ReduceMean or
/// ReduceSum over the batch axis, as an exporter writes train-mode BatchNorm). Samples of a coupled generator must be
/// optimised together as one batch.
/// </summary>
public static class BatchCoupling
{
    /// <summary>The coupling nodes of <paramref name="model"/>, in graph order; empty when samples are independent.</summary>
    /// <param name="model">The forward graph.</param>
    /// <param name="shapes">Its probed shapes (<see cref="ShapeProbe.Run"/>).</param>
    public static IReadOnlyList<CouplingNode> Detect(ModelProto model, ShapeTable shapes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shapes);
        long opset = model.OpsetVersion() ?? 0;
        var found = new List<CouplingNode>();
        foreach (var node in model.Graph.Node)
        {
            string label = node.Name.Length > 0 ? node.Name : $"{node.OpType} → {string.Join(",", node.Output)}";
            if (node.OpType == "BatchNormalization" && BatchNormalizationRule.UsesBatchStatistics(node, opset))
            {
                found.Add(new CouplingNode(label, node.OpType, "normalises with the statistics of its own batch"));
                continue;
            }

            bool batchedInput = node.Input.Any(i => i.Length > 0 && shapes.Contains(i) && shapes[i] is { IsFloat: true, IsStatic: false });
            var outputs = node.Output.Where(o => o.Length > 0 && shapes.Contains(o)).Select(o => shapes[o]).ToArray();
            if (batchedInput && outputs.Length > 0 && outputs.Any(o => o.IsFloat) && outputs.Where(o => o.IsFloat).All(o => o.IsStatic))
            {
                found.Add(new CouplingNode(label, node.OpType, "reduces over the batch axis (its output does not grow with the batch)"));
            }
        }

        return found;
    }
}

/// <summary>A node that mixes the samples of a batch.</summary>
/// <param name="Name">The node's name (or its op and outputs when unnamed).</param>
/// <param name="OpType">The operator.</param>
/// <param name="Reason">Why it couples samples.</param>
public sealed record CouplingNode(string Name, string OpType, string Reason)
{
    /// <summary>"name (Op): reason".</summary>
    public override string ToString() => $"{Name} ({OpType}): {Reason}";
}
