using System.Globalization;

namespace OnnxInvert.Inversion.Engine;

/// <summary>Lays out <see cref="InversionOptions.PixelWeights"/> over one image [C, ...]: C × H × W values as they are, H × W values repeated per channel.</summary>
internal static class PixelWeightLayout
{
    /// <summary>The weights for one whole image, or null when none are given.</summary>
    /// <exception cref="ArgumentException">The weights fit neither the whole image nor one channel of it.</exception>
    public static float[]? Expand(float[]? weights, long[] imageShape)
    {
        if (weights is null)
        {
            return null;
        }

        long length = imageShape.Aggregate(1L, (a, d) => a * d);
        if (weights.Length == length)
        {
            return weights;
        }

        long plane = imageShape.Length > 1 ? length / imageShape[0] : -1;
        if (weights.Length == plane)
        {
            var expanded = new float[length];
            for (long c = 0; c < imageShape[0]; c++)
            {
                weights.CopyTo(expanded.AsSpan((int)(c * plane)));
            }

            return expanded;
        }

        string shape = string.Join(", ", imageShape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"the pixel weights have {weights.Length} values; the generator's image [{shape}] needs {length} (one per value) or {plane} (one per pixel, shared by the channels)"),
            nameof(weights));
    }
}
