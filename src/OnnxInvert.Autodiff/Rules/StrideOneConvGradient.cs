using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The input gradient of a stride-1 Conv as another Conv: dX = Conv(dY, W′) where W′ is W with its two channel axes
/// swapped (per group) and every spatial axis reversed, with pads (k−1)·d − pad on each side. This is the same
/// arithmetic as the ConvTranspose form, but ONNX Runtime runs Conv with its blocked (NCHWc) kernels while
/// ConvTranspose goes through a column buffer and col2im, which costs several times as much for the same FLOPs
/// (measured in docs/benchmarks.md). W′ is computed by Transpose/Slice nodes on W; when W is an initializer, ONNX
/// Runtime folds them into a constant when the session is created.
/// </summary>
internal static class StrideOneConvGradient
{
    /// <summary>Emits dX, or returns null where this form does not apply (a stride above 1, a pad wider than the dilated kernel, opset below 10).</summary>
    public static string? TryEmit(BackwardContext c, ConvGeometry geometry)
    {
        int n = geometry.SpatialRank;
        if (c.Opset < 10 || geometry.Strides.Any(s => s != 1))
        {
            return null;
        }

        var begin = new long[n];
        var end = new long[n];
        for (int i = 0; i < n; i++)
        {
            long reach = (geometry.Kernel[i] - 1) * geometry.Dilations[i];
            begin[i] = reach - geometry.PadsBegin[i];
            end[i] = reach - geometry.PadsEnd[i];
            if (begin[i] < 0 || end[i] < 0)
            {
                return null;
            }
        }

        long[] w = c.Info(c.Input(1)).Dims;
        if (w.Any(d => d <= 0))
        {
            return null;
        }

        string flipped = Flip(c, SwapChannels(c, c.Input(1), w, geometry.Group), n);
        var gradient = geometry with { PadsBegin = begin, PadsEnd = end };
        return c.Emit.Op("Conv", [c.Dy, flipped], "conv_dx", gradient.Attributes());
    }

    /// <summary>[Cout, Cin/g, k...] to [Cin, Cout/g, k...], swapping the channel axes within each group.</summary>
    private static string SwapChannels(BackwardContext c, string weight, long[] w, long group)
    {
        int rank = w.Length;
        long[] spatial = w[2..];
        if (group == 1)
        {
            long[] perm = [1, 0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i)];
            return c.Emit.Transpose(weight, perm);
        }

        long outPerGroup = w[0] / group;
        long inPerGroup = w[1];
        string grouped = c.Emit.Reshape(weight, [group, outPerGroup, inPerGroup, .. spatial]);
        long[] swap = [0, 2, 1, .. Enumerable.Range(3, rank - 2).Select(i => (long)i)];
        string swapped = c.Emit.Transpose(grouped, swap);
        return c.Emit.Reshape(swapped, [group * inPerGroup, outPerGroup, .. spatial]);
    }

    /// <summary>Reverses the last <paramref name="spatialRank"/> axes.</summary>
    private static string Flip(BackwardContext c, string weight, int spatialRank)
    {
        long[] axes = Enumerable.Range(2, spatialRank).Select(i => (long)i).ToArray();
        long[] starts = Enumerable.Repeat(-1L, spatialRank).ToArray();
        long[] ends = Enumerable.Repeat(long.MinValue, spatialRank).ToArray();
        long[] steps = Enumerable.Repeat(-1L, spatialRank).ToArray();
        return c.Emit.Slice(weight, starts, ends, axes, steps);
    }
}
