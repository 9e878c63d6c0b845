using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tuning;

/// <summary>
/// Writes an emitted graph's nodes in the order they become ready, so ONNX Runtime opens its session in time near-linear
/// in the node count. The backward pass writes a node where its rule runs, at the end of the graph, even when it reads
/// only forward values (Tanh's 1 − y², Relu's mask): such a node is ready from the forward pass on but has a high index.
/// ONNX Runtime orders ready nodes by index in every graph-wide step (its viewer's priority sort, run by each
/// optimiser pass and by the session state), and its profile then spends most of the session in one loop that walks a
/// linked list to its middle: each of the thousands of waiting nodes costs the length of the list, so the session
/// grew quadratically (the objective of a 20,000-link chain, optimisation disabled: 22.5 s before, 4.1 s in this order;
/// docs/benchmarks.md, "Long graphs: the cause was our node order"). Only the order changes: every node, name and value
/// is the same.
/// </summary>
public static class ReadinessOrder
{
    /// <summary>Reorders the top-level nodes of <paramref name="model"/> in place.</summary>
    public static void Apply(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ordered = TopologicalOrder.ByReadiness(model.Graph);
        model.Graph.Node.Clear();
        model.Graph.Node.AddRange(ordered);
    }
}
