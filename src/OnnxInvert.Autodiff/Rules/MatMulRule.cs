using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// MatMul with numpy semantics, batched and broadcast: dA = dY·Bᵀ, dB = Aᵀ·dY, each summed over the batch axes its
/// operand was broadcast along. 1-D operands are lifted to matrices and the result squeezed back.
/// </summary>
internal sealed class MatMulRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["MatMul"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string a = c.Input(0);
        string b = c.Input(1);
        var aInfo = c.Info(a);
        var bInfo = c.Info(b);
        var yInfo = c.Info(c.Output(0));
        if (aInfo.Rank == 0 || bInfo.Rank == 0)
        {
            throw c.Unsupported("MatMul of a scalar is not valid ONNX");
        }

        // Lift 1-D operands: a [K] -> [1,K]; b [K] -> [K,1]; dY gains the removed axis back.
        string dy = c.Dy;
        string a2 = aInfo.Rank == 1 ? e.Unsqueeze(a, 0) : a;
        string b2 = bInfo.Rank == 1 ? e.Unsqueeze(b, 1) : b;
        var a2Info = aInfo.Rank == 1 ? Lift(aInfo, 0) : aInfo;
        var b2Info = bInfo.Rank == 1 ? Lift(bInfo, 1) : bInfo;
        var y2Info = yInfo;
        if (aInfo.Rank == 1)
        {
            dy = e.Unsqueeze(dy, yInfo.Rank == 0 ? 0 : yInfo.Rank - (bInfo.Rank == 1 ? 0 : 1));
            y2Info = Lift(y2Info, y2Info.Rank - (bInfo.Rank == 1 ? 0 : 1));
        }

        if (bInfo.Rank == 1)
        {
            dy = e.Unsqueeze(dy, y2Info.Rank);
            y2Info = Lift(y2Info, y2Info.Rank);
        }

        if (c.NeedsGrad(0))
        {
            string grad = e.MatMul(dy, SwapLast(e, b2, b2Info.Rank));
            var gradInfo = WithLast(y2Info, a2Info);
            grad = Broadcasting.ReduceTo(e, grad, gradInfo, a2, a2Info);
            c.SetGrad(0, aInfo.Rank == 1 ? e.ReshapeLike(grad, a) : grad);
        }

        if (c.NeedsGrad(1))
        {
            string grad = e.MatMul(SwapLast(e, a2, a2Info.Rank), dy);
            var gradInfo = WithLast(y2Info, b2Info);
            grad = Broadcasting.ReduceTo(e, grad, gradInfo, b2, b2Info);
            c.SetGrad(1, bInfo.Rank == 1 ? e.ReshapeLike(grad, b) : grad);
        }
    }

    private static string SwapLast(Emitter e, string x, int rank)
    {
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[rank - 2], perm[rank - 1]) = (perm[rank - 1], perm[rank - 2]);
        return e.Transpose(x, perm);
    }

    private static TensorInfo Lift(TensorInfo info, int axis)
    {
        var dims = info.Dims.ToList();
        var batch = info.BatchDependent.ToList();
        dims.Insert(axis, 1);
        batch.Insert(axis, false);
        return info with { Dims = dims.ToArray(), BatchDependent = batch.ToArray() };
    }

    // The shape of a gradient: the result's broadcast batch axes followed by the operand's two matrix axes.
    private static TensorInfo WithLast(TensorInfo result, TensorInfo operand)
    {
        var dims = result.Dims.ToArray();
        var batch = result.BatchDependent.ToArray();
        for (int k = 1; k <= 2; k++)
        {
            dims[^k] = operand.Dims[^k];
            batch[^k] = operand.BatchDependent[^k];
        }

        return result with { Dims = dims, BatchDependent = batch };
    }
}
