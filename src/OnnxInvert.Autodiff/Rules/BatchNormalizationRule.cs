using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// BatchNormalization. With running statistics (inference): dx = dy · scale / √(var + ε), mean and var are constants.
/// With batch statistics (<c>training_mode=1</c>, or extra statistic outputs below opset 14 — how PyTorch exports a
/// generator in train mode): the exact gradient through the batch mean and variance, which couples the samples of a
/// batch (the paper's section 2.1).
/// </summary>
internal sealed class BatchNormalizationRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["BatchNormalization"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    /// <summary>Whether the node normalises with the statistics of its own batch.</summary>
    public static bool UsesBatchStatistics(NodeProto node, long opset) =>
        opset >= 14 ? node.GetInt("training_mode", 0) != 0 : node.Output.Count > 1 && node.Output.Skip(1).Any(o => o.Length > 0);

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var node = c.Node;
        for (int i = 1; i < node.Output.Count; i++)
        {
            if (c.OutputGrad(i) is not null)
            {
                throw c.Unsupported($"a gradient reaches its statistics output {i}");
            }
        }

        string x = c.Input(0);
        var xInfo = c.Info(x);
        int rank = xInfo.Rank;
        long channels = xInfo.Dims[1];
        double epsilon = node.GetFloat("epsilon", 1e-5f);
        string scale = NormalizationGradient.PerChannel(c, c.Input(1), rank, channels);
        long[] axes = NormalizationGradient.AllButChannel(rank);
        string dy = c.Dy;

        string normalized;
        if (UsesBatchStatistics(node, c.Opset))
        {
            var (xHat, rstd) = NormalizationGradient.Statistics(c, x, axes, epsilon);
            normalized = xHat;
            c.SetGrad(0, NormalizationGradient.InputGradient(c, e.Mul(dy, scale), xHat, rstd, axes));
        }
        else
        {
            string mean = NormalizationGradient.PerChannel(c, c.Input(3), rank, channels);
            string variance = NormalizationGradient.PerChannel(c, c.Input(4), rank, channels);
            string rstd = e.Op("Reciprocal", [e.Op("Sqrt", [e.Add(variance, c.Scalar(epsilon))], "sqrt")], "rstd");
            if (c.NeedsGrad(0))
            {
                c.SetGrad(0, e.Mul(dy, e.Mul(scale, rstd)));
            }

            normalized = c.NeedsGrad(1) ? e.Mul(e.Sub(x, mean), rstd) : string.Empty;
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, e.ReduceSum(e.Mul(dy, normalized), axes, keepDims: false));
        }

        if (c.NeedsGrad(2))
        {
            c.SetGrad(2, e.ReduceSum(dy, axes, keepDims: false));
        }
    }
}
