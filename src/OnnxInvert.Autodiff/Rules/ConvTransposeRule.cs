namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// ConvTranspose (strides, pads, dilations, groups, output_padding, auto_pad, output_shape). dX = Conv(dY, W) with the
/// same geometry; dW (the Conv weight gradient with X and dY swapped) and dB as in <see cref="ConvolutionRule"/>.
/// </summary>
internal sealed class ConvTransposeRule : ConvolutionRule
{
    public ConvTransposeRule()
        : base(transposed: true)
    {
    }

    public override IReadOnlyList<string> OpTypes { get; } = ["ConvTranspose"];

    private protected override string InputGradient(BackwardContext c, ConvGeometry geometry, long[] inSizes, long[] outSizes) =>
        c.Emit.Op("Conv", [c.Dy, c.Input(1)], "convt_dx", geometry.Attributes());
}
