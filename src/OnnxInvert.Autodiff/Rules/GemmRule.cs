using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Gemm: Y = α·op(A)·op(B) + β·C, with op = optional transpose and C unidirectionally broadcast.</summary>
internal sealed class GemmRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Gemm"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var node = c.Node;
        float alpha = node.GetFloat("alpha", 1f);
        float beta = node.GetFloat("beta", 1f);
        bool transA = node.GetInt("transA", 0) != 0;
        bool transB = node.GetInt("transB", 0) != 0;
        string a = c.Input(0);
        string b = c.Input(1);
        string dy = alpha == 1f ? c.Dy : e.Mul(c.Dy, c.Scalar(alpha));
        string T(string x) => e.Transpose(x, 1, 0);

        if (c.NeedsGrad(0))
        {
            // d op(A) = dY · op(B)ᵀ; dA = transA ? (d op(A))ᵀ = op(B) · dYᵀ.
            string opB = transB ? T(b) : b;
            c.SetGrad(0, transA ? e.MatMul(opB, T(dy)) : e.MatMul(dy, T(opB)));
        }

        if (c.NeedsGrad(1))
        {
            // d op(B) = op(A)ᵀ · dY; dB = transB ? dYᵀ · op(A).
            string opA = transA ? T(a) : a;
            c.SetGrad(1, transB ? e.MatMul(T(dy), opA) : e.MatMul(T(opA), dy));
        }

        if (c.HasInput(2) && c.NeedsGrad(2))
        {
            string dc = beta == 1f ? c.Dy : e.Mul(c.Dy, c.Scalar(beta));
            c.SetGrad(2, Broadcasting.ReduceTo(e, dc, c.Info(c.Output(0)), c.Input(2), c.Info(c.Input(2))));
        }
    }
}
