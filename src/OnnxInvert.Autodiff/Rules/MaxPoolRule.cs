using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// MaxPool: the gradient goes to each window's maximum. The backward graph re-runs MaxPool with its Indices output and
/// scatters dY into a flat zero tensor at those indices (adding where windows overlap: ScatterElements reduction
/// "add", opset 16+; below that only non-overlapping windows are supported). GlobalMaxPool sends the gradient to
/// every element equal to the maximum.
/// </summary>
internal sealed class MaxPoolRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["MaxPool", "GlobalMaxPool"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        if (c.Node.OpType == "GlobalMaxPool")
        {
            string isMax = e.Op("Equal", [x, c.Output(0)], "is_max");
            c.SetGrad(0, e.Where(isMax, e.Op("Expand", [c.Dy, e.Shape(x)], "expand"), c.Scalar(0)));
            return;
        }

        if (c.Node.GetInt("storage_order", 0) != 0)
        {
            throw c.Unsupported("storage_order=1");
        }

        long[] kernel = c.Node.GetInts("kernel_shape") ?? throw c.Unsupported("no kernel_shape");
        long[] strides = c.Node.GetInts("strides") is { Length: > 0 } s ? s : Enumerable.Repeat(1L, kernel.Length).ToArray();
        bool overlapping = kernel.Zip(strides).Any(p => p.First > p.Second);
        if (overlapping && c.Opset < 16)
        {
            throw c.Unsupported($"overlapping windows (kernel {string.Join("x", kernel)}, strides {string.Join("x", strides)}) need opset 16 for the scatter-add");
        }

        var pool = new NodeProto { OpType = "MaxPool", Name = e.Builder.UniqueName(e.Prefix + "maxpool_indices_node") };
        pool.Input.Add(x);
        pool.Output.Add(e.Builder.UniqueName(e.Prefix + "maxpool_values"));
        string indices = e.Builder.UniqueName(e.Prefix + "maxpool_indices");
        pool.Output.Add(indices);
        pool.Attribute.AddRange(c.Node.Attribute.Select(a => a.Clone()));
        e.Builder.Graph.Node.Add(pool);

        string flatIndices = e.Reshape(indices, -1);
        string flatGrad = e.Reshape(c.Dy, -1);
        string zeros = e.Reshape(e.ZerosLike(x, c.FloatType), -1);
        var attributes = new List<AttributeProto> { Attr.Int("axis", 0) };
        if (c.Opset >= 16)
        {
            attributes.Add(Attr.String("reduction", "add"));
        }

        string scattered = e.Op("ScatterElements", [zeros, flatIndices, flatGrad], "scatter", attributes);
        c.SetGrad(0, e.ReshapeLike(scattered, x));
    }
}
