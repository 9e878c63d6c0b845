using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Concat: each input's gradient is its slice of the output gradient along the concatenation axis.</summary>
internal sealed class ConcatRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Concat"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => true;

    public override void Backward(BackwardContext c)
    {
        var yInfo = c.Info(c.Output(0));
        long axis = c.Node.GetInt("axis", 0);
        axis = axis < 0 ? axis + yInfo.Rank : axis;
        long offset = 0;
        for (int i = 0; i < c.Node.Input.Count; i++)
        {
            var info = c.Info(c.Input(i));
            if (info.BatchDependent[axis])
            {
                throw c.Unsupported($"concatenation along axis {axis}, which depends on the batch size");
            }

            long size = info.Dims[axis];
            if (c.NeedsGrad(i))
            {
                c.SetGrad(i, c.Emit.Slice(c.Dy, [offset], [offset + size], [axis]));
            }

            offset += size;
        }
    }
}
