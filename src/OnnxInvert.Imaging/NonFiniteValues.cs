namespace OnnxInvert.Imaging;

/// <summary>
/// Finds NaN and infinite values in float data (targets, masks, latents read from NPY files), so that bad input is
/// refused up front, naming the file and where the first bad value is, instead of surfacing later as a NaN loss.
/// </summary>
public static class NonFiniteValues
{
    /// <summary>The axis names of an NCHW image batch: image, channel, y, x.</summary>
    public static IReadOnlyList<string> ImageAxes { get; } = ["image", "channel", "y", "x"];

    /// <summary>The flat (C-order) index of the first NaN or infinity in <paramref name="data"/>, or -1 if all are finite.</summary>
    /// <param name="data">The values.</param>
    public static int IndexOfFirst(ReadOnlySpan<float> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Throws if <paramref name="data"/> holds a NaN or infinity. The message names <paramref name="source"/>, the
    /// first bad value and its position (the flat index and the multi-index, labelled with <paramref name="axisNames"/>)
    /// and how many more there are.
    /// </summary>
    /// <param name="data">The values in C order.</param>
    /// <param name="shape">The dimensions of <paramref name="data"/>; their product must equal its length.</param>
    /// <param name="source">The file (or other source) the values came from.</param>
    /// <param name="axisNames">A name per axis for the message; null for <see cref="ImageAxes"/> when the rank is 4,
    /// else a plain multi-index.</param>
    /// <exception cref="NonFiniteDataException">A value is NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="shape"/> does not match the length of <paramref name="data"/>,
    /// or <paramref name="axisNames"/> not its rank.</exception>
    public static void ThrowIfAny(ReadOnlySpan<float> data, IReadOnlyList<int> shape, string source, IReadOnlyList<string>? axisNames = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(source);
        if (axisNames is not null && axisNames.Count != shape.Count)
        {
            throw new ArgumentException($"{axisNames.Count} axis names for a shape of rank {shape.Count}.", nameof(axisNames));
        }

        long product = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            product *= dim;
        }

        if (product != data.Length)
        {
            throw new ArgumentException($"The shape ({string.Join(", ", shape)}) has {product} elements but the data has {data.Length}.", nameof(shape));
        }

        int first = IndexOfFirst(data);
        if (first < 0)
        {
            return;
        }

        int more = 0;
        for (int i = first + 1; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                more++;
            }
        }

        axisNames ??= shape.Count == ImageAxes.Count ? ImageAxes : null;
        throw new NonFiniteDataException(source, first, Unravel(first, shape), axisNames, data[first], more);
    }

    /// <summary>The C-order multi-index of flat index <paramref name="flat"/> in an array of <paramref name="shape"/>.</summary>
    internal static int[] Unravel(int flat, IReadOnlyList<int> shape)
    {
        var index = new int[shape.Count];
        for (int k = shape.Count - 1; k >= 0; k--)
        {
            index[k] = flat % shape[k];
            flat /= shape[k];
        }

        return index;
    }
}
