using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// GroupNormalization: statistics per sample over each group of channels (and space). Scale and bias are per channel
/// from opset 21 and per group in opset 18–20 (the original definition).
/// </summary>
internal sealed class GroupNormalizationRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["GroupNormalization"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        var xInfo = c.Info(x);
        int rank = xInfo.Rank;
        long channels = xInfo.Dims[1];
        long groups = c.Node.GetInt("num_groups", 0);
        if (groups <= 0 || channels % groups != 0)
        {
            throw c.Unsupported($"num_groups {groups} does not divide the {channels} channels");
        }

        string scale = c.Input(1);
        if (c.Opset < 21)
        {
            // [G] -> [G, 1] -> [G, C/G] -> [C]
            scale = e.Reshape(e.Op("Expand", [e.Reshape(scale, groups, 1), e.Int64s(groups, channels / groups)], "expand"), channels);
        }

        string g = e.Mul(c.Dy, NormalizationGradient.PerChannel(c, scale, rank, channels));
        string grouped = e.Reshape(x, 0, groups, -1);
        long[] axes = [2];
        var (xHat, rstd) = NormalizationGradient.Statistics(c, grouped, axes, c.Node.GetFloat("epsilon", 1e-5f));
        string dx = NormalizationGradient.InputGradient(c, e.Reshape(g, 0, groups, -1), xHat, rstd, axes);
        c.SetGrad(0, e.ReshapeLike(dx, x));
    }
}
