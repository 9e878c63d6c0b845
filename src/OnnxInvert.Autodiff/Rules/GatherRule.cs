using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Gather with constant scalar or 1-D indices: out = M · data along the axis, with M a 0/1 selection matrix, so the
/// gradient is Mᵀ · dOut (repeated indices add up).
/// </summary>
internal sealed class GatherRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Gather"];

    public override void Backward(BackwardContext c)
    {
        var xInfo = c.Info(c.Input(0));
        int rank = xInfo.Rank;
        long axis = c.Node.GetInt("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        if (xInfo.BatchDependent[axis])
        {
            throw c.Unsupported($"gathering along axis {axis}, which depends on the batch size");
        }

        long[] indices = c.ConstantInts(1, "indices") ?? throw c.Unsupported("no indices");
        int indexRank = c.Info(c.Input(1)).Rank;
        if (indexRank > 1)
        {
            throw c.Unsupported($"indices of rank {indexRank}; only scalar and 1-D constant indices are supported");
        }

        long size = xInfo.Dims[axis];
        var map = new double[indices.Length, size];
        for (int j = 0; j < indices.Length; j++)
        {
            long index = indices[j] < 0 ? indices[j] + size : indices[j];
            map[j, index] += 1;
        }

        string grad = indexRank == 0 ? c.Emit.Unsqueeze(c.Dy, axis) : c.Dy;
        c.SetGrad(0, AxisLinearMap.ApplyTransposed(c.Emit, grad, rank, (int)axis, map, xInfo.ElementType));
    }
}
