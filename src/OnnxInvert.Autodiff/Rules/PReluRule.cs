using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>PRelu: y = x if x &gt; 0 else slope·x (slope broadcast to x).</summary>
internal sealed class PReluRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["PRelu"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        string slope = c.Input(1);
        string positive = e.Op("Greater", [x, c.Scalar(0)], "positive");
        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, e.Where(positive, c.Dy, e.Mul(c.Dy, slope)));
        }

        if (c.NeedsGrad(1))
        {
            string perElement = e.Where(positive, c.Scalar(0), e.Mul(c.Dy, x));
            c.SetGrad(1, Broadcasting.ReduceTo(e, perElement, c.Info(c.Output(0)), slope, c.Info(slope)));
        }
    }
}
