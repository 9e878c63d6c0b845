using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// What Conv and ConvTranspose share: reading the geometry from the observed shapes, the weight gradient
/// (<see cref="WeightGradient"/>) and the bias gradient Σ dY over batch and space. Subclasses emit the input gradient.
/// </summary>
internal abstract class ConvolutionRule : GradientRule
{
    private readonly bool _transposed;

    private protected ConvolutionRule(bool transposed) => _transposed = transposed;

    public sealed override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    public sealed override void Backward(BackwardContext c)
    {
        var x = c.Info(c.Input(0));
        long[] kernel = c.Info(c.Input(1)).Dims.Skip(2).ToArray();
        long[] inSizes = x.Dims.Skip(2).ToArray();
        long[] outSizes = c.Info(c.Output(0)).Dims.Skip(2).ToArray();
        var geometry = ConvGeometry.Read(c, kernel, inSizes, outSizes, _transposed);
        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, InputGradient(c, geometry, inSizes, outSizes));
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, WeightGradient.Of(c, c.Input(0), c.Dy, geometry, kernel, _transposed));
        }

        if (c.HasInput(2) && c.NeedsGrad(2))
        {
            long[] axes = [0, .. Enumerable.Range(2, x.Rank - 2).Select(i => (long)i)];
            c.SetGrad(2, c.Emit.ReduceSum(c.Dy, axes, keepDims: false));
        }
    }

    /// <summary>Emits dX for this op.</summary>
    private protected abstract string InputGradient(BackwardContext c, ConvGeometry geometry, long[] inSizes, long[] outSizes);
}
