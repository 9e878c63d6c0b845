namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Conv (any spatial rank, strides, pads, dilations, groups, auto_pad). dX is a Conv with the flipped, channel-swapped
/// kernel where the stride is 1 (<see cref="StrideOneConvGradient"/>, the fast form on ONNX Runtime), else
/// ConvTranspose(dY, W) with the same geometry and the output_padding that restores X's size; dW and dB as in
/// <see cref="ConvolutionRule"/>.
/// </summary>
internal sealed class ConvRule : ConvolutionRule
{
    public ConvRule()
        : base(transposed: false)
    {
    }

    public override IReadOnlyList<string> OpTypes { get; } = ["Conv"];

    private protected override string InputGradient(BackwardContext c, ConvGeometry geometry, long[] inSizes, long[] outSizes) =>
        StrideOneConvGradient.TryEmit(c, geometry)
        ?? c.Emit.Op("ConvTranspose", [c.Dy, c.Input(1)], "conv_dx", geometry.TransposeAttributes(inSizes, outSizes));
}
