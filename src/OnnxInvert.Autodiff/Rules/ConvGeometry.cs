using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The spatial geometry of a Conv, ConvTranspose or pooling node with every attribute made explicit: auto_pad and
/// ConvTranspose's output_shape are turned into pads (and output_padding) from the observed input and output sizes.
/// </summary>
internal sealed record ConvGeometry(long[] Kernel, long[] Strides, long[] Dilations, long[] PadsBegin, long[] PadsEnd, long Group)
{
    public int SpatialRank => Kernel.Length;

    /// <summary>The pads attribute value [begins..., ends...].</summary>
    public long[] Pads => [.. PadsBegin, .. PadsEnd];

    /// <summary>Reads the geometry of a node whose spatial input sizes are <paramref name="inSizes"/> and output sizes <paramref name="outSizes"/>.</summary>
    public static ConvGeometry Read(BackwardContext c, long[] kernel, long[] inSizes, long[] outSizes, bool transposed)
    {
        var node = c.Node;
        int n = kernel.Length;
        long[] strides = node.GetInts("strides") is { Length: > 0 } s ? s : Ones(n);
        long[] dilations = node.GetInts("dilations") is { Length: > 0 } d ? d : Ones(n);
        long group = node.GetInt("group", 1);
        string autoPad = node.GetString("auto_pad", "NOTSET");
        long[] pads = node.GetInts("pads") is { Length: > 0 } p ? p : new long[2 * n];
        var begin = pads.Take(n).ToArray();
        var end = pads.Skip(n).ToArray();

        if (transposed && (autoPad is "SAME_UPPER" or "SAME_LOWER" || node.GetInts("output_shape") is { Length: > 0 }))
        {
            // Total padding from the observed output: out = s(in−1) + output_padding + (k−1)d + 1 − total.
            long[] outputPadding = node.GetInts("output_padding") is { Length: > 0 } op ? op : new long[n];
            for (int i = 0; i < n; i++)
            {
                long total = (strides[i] * (inSizes[i] - 1)) + outputPadding[i] + ((kernel[i] - 1) * dilations[i]) + 1 - outSizes[i];
                if (total < 0)
                {
                    throw c.Unsupported("an output_shape larger than the unpadded output");
                }

                bool upper = autoPad != "SAME_LOWER";
                begin[i] = upper ? total - (total / 2) : total / 2;
                end[i] = total - begin[i];
            }
        }
        else if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            for (int i = 0; i < n; i++)
            {
                long total = Math.Max(0, ((outSizes[i] - 1) * strides[i]) + ((kernel[i] - 1) * dilations[i]) + 1 - inSizes[i]);
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
                end[i] = total - begin[i];
            }
        }
        else if (autoPad == "VALID")
        {
            begin = new long[n];
            end = new long[n];
        }
        else if (autoPad != "NOTSET")
        {
            throw c.Unsupported($"auto_pad '{autoPad}'");
        }

        return new ConvGeometry(kernel, strides, dilations, begin, end, group);
    }

    /// <summary>
    /// The attributes of the ConvTranspose that maps a tensor of <paramref name="small"/> sizes back to exactly
    /// <paramref name="large"/> sizes, inverting a strided convolution (or pooling) from large to small: this geometry
    /// plus the output_padding that restores the remainder. Where the last window overhangs the input (pooling with
    /// ceil_mode), the overhang is cropped by extra end padding instead.
    /// </summary>
    public IEnumerable<AttributeProto> TransposeAttributes(long[] large, long[] small)
    {
        var padding = new long[SpatialRank];
        var end = PadsEnd.ToArray();
        for (int i = 0; i < SpatialRank; i++)
        {
            long produced = (Strides[i] * (small[i] - 1)) + (Dilations[i] * (Kernel[i] - 1)) + 1 - PadsBegin[i] - PadsEnd[i];
            long remainder = large[i] - produced;
            if (remainder >= 0)
            {
                padding[i] = remainder;
            }
            else
            {
                end[i] -= remainder;
            }
        }

        return (this with { PadsEnd = end }).Attributes().Append(Attr.Ints("output_padding", padding));
    }

    /// <summary>Conv/ConvTranspose attributes with this geometry.</summary>
    public IEnumerable<AttributeProto> Attributes(bool withGroup = true)
    {
        yield return Attr.Ints("kernel_shape", Kernel);
        yield return Attr.Ints("strides", Strides);
        yield return Attr.Ints("dilations", Dilations);
        yield return Attr.Ints("pads", Pads);
        if (withGroup)
        {
            yield return Attr.Int("group", Group);
        }
    }

    private static long[] Ones(int n) => Enumerable.Repeat(1L, n).ToArray();
}
