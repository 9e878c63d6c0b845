using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The weight gradient of Conv and ConvTranspose as one more convolution: treating the batch as the channel axis,
/// dW[m, c, i] = Σ_n Σ_y dY[n, m, y] · X[n, c, y·s + i·d − p] is Conv(Xᵀ, dYᵀ) with strides d and dilations s,
/// cropped to the kernel size. Groups are handled one at a time and concatenated.
/// </summary>
internal static class WeightGradient
{
    public static string Of(BackwardContext c, string x, string dy, ConvGeometry g, long[] kernel, bool transposedConv)
    {
        var e = c.Emit;
        int n = g.SpatialRank;
        long xChannels = c.Info(x).Dims[1];
        long yChannels = c.Info(c.Output(0)).Dims[1];

        // Conv: W [M, C/g, k] from X (C) and dY (M). ConvTranspose: W [C, M/g, k] from dY (as "input") and X (as "output grad").
        string input = transposedConv ? dy : x;
        string output = transposedConv ? x : dy;
        long inputChannels = transposedConv ? yChannels : xChannels;
        long outputChannels = transposedConv ? xChannels : yChannels;
        long inPerGroup = inputChannels / g.Group;
        long outPerGroup = outputChannels / g.Group;
        long[] swap = [1, 0, .. Enumerable.Range(2, n).Select(i => (long)i)];

        var parts = new List<string>();
        for (long group = 0; group < g.Group; group++)
        {
            string inputG = g.Group == 1 ? input : e.Slice(input, [group * inPerGroup], [(group + 1) * inPerGroup], [1]);
            string outputG = g.Group == 1 ? output : e.Slice(output, [group * outPerGroup], [(group + 1) * outPerGroup], [1]);
            string full = e.Op(
                "Conv",
                [e.Transpose(inputG, swap), e.Transpose(outputG, swap)],
                "conv_dw",
                Attr.Ints("strides", g.Dilations),
                Attr.Ints("dilations", g.Strides),
                Attr.Ints("pads", g.Pads));
            long[] axes = Enumerable.Range(2, n).Select(i => (long)i).ToArray();
            string cropped = e.Slice(full, new long[n], kernel, axes);

            // cropped is [input channels, output channels, k]; both weight layouts want the other order:
            // Conv [M, C/g, k] (output = dY has M), ConvTranspose [C, M/g, k] (output = X has C).
            parts.Add(e.Transpose(cropped, swap));
        }

        return parts.Count == 1 ? parts[0] : e.Op("Concat", parts, "concat", Attr.Int("axis", 0));
    }
}
