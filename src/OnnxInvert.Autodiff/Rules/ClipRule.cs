using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Clip: the gradient passes where min ≤ x ≤ max (PyTorch's convention at the bounds); min/max get none.</summary>
internal sealed class ClipRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Clip"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        string? min = c.HasInput(1) ? c.Input(1) : c.Node.Find("min") is not null ? c.Scalar(c.Node.GetFloat("min", float.MinValue)) : null;
        string? max = c.HasInput(2) ? c.Input(2) : c.Node.Find("max") is not null ? c.Scalar(c.Node.GetFloat("max", float.MaxValue)) : null;
        string? keep = null;
        if (min is not null)
        {
            keep = e.Op("Not", [e.Op("Less", [x, min], "below")], "not_below");
        }

        if (max is not null)
        {
            string notAbove = e.Op("Not", [e.Op("Greater", [x, max], "above")], "not_above");
            keep = keep is null ? notAbove : e.Op("And", [keep, notAbove], "inside");
        }

        c.SetGrad(0, keep is null ? c.Dy : e.Where(keep, c.Dy, c.Scalar(0)));
    }
}
