using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Cast between floating types: the gradient is cast back to the input's type. (Casts to integers are never active.)</summary>
internal sealed class CastRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Cast", "CastLike"];

    public override void Backward(BackwardContext c)
    {
        TensorInfo input = c.Info(c.Input(0));
        if (!input.IsFloat)
        {
            throw c.Unsupported($"cast from non-float type {input.ElementType}");
        }

        c.SetGrad(0, c.Info(c.Output(0)).ElementType == input.ElementType
            ? c.Dy
            : c.Emit.Op("Cast", [c.Dy], "cast", Attr.Int("to", (long)input.ElementType)));
    }
}
