namespace OnnxInvert.Imaging;

/// <summary>
/// Resizes 8-bit images, each axis separately: area averaging (every source pixel weighted by how much of it an
/// output pixel covers) where the axis shrinks, bilinear interpolation with half-pixel centres (edge pixels clamped,
/// like PyTorch's <c>align_corners=False</c>) where it grows or keeps its size. Channels, alpha included, are
/// resampled independently; results are rounded to the nearest byte.
/// </summary>
public static class ImageResizer
{
    /// <summary>Returns <paramref name="image"/> resized to <paramref name="width"/> × <paramref name="height"/> (the same instance when the size already matches).</summary>
    /// <param name="image">The image.</param>
    /// <param name="width">The width wanted; positive.</param>
    /// <param name="height">The height wanted; positive.</param>
    public static DecodedImage Resize(DecodedImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        int c = image.Channels;
        var source = new float[image.Pixels.Length];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = image.Pixels[i];
        }

        // Rows first (width changes), then columns (height changes).
        var horizontal = Weights(image.Width, width);
        var rows = new float[image.Height * width * c];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                foreach (var (index, weight) in horizontal[x])
                {
                    for (int k = 0; k < c; k++)
                    {
                        rows[(((y * width) + x) * c) + k] += weight * source[(((y * image.Width) + index) * c) + k];
                    }
                }
            }
        }

        var vertical = Weights(image.Height, height);
        var result = new byte[height * width * c];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width * c; x++)
            {
                float sum = 0;
                foreach (var (index, weight) in vertical[y])
                {
                    sum += weight * rows[(index * width * c) + x];
                }

                result[(y * width * c) + x] = (byte)Math.Clamp(MathF.Round(sum), 0, 255);
            }
        }

        return new DecodedImage(image.Name, width, height, c, result);
    }

    /// <summary>For each output index along an axis, the source indices it reads and their weights (summing to 1).</summary>
    internal static (int Index, float Weight)[][] Weights(int sourceSize, int targetSize)
    {
        var weights = new (int, float)[targetSize][];
        double scale = (double)sourceSize / targetSize;
        for (int o = 0; o < targetSize; o++)
        {
            weights[o] = targetSize < sourceSize ? Area(o, scale, sourceSize) : Bilinear(o, scale, sourceSize);
        }

        return weights;
    }

    private static (int, float)[] Area(int o, double scale, int sourceSize)
    {
        double start = o * scale;
        double end = Math.Min(sourceSize, (o + 1) * scale);
        var taps = new List<(int, float)>();
        for (int i = (int)Math.Floor(start); i < end; i++)
        {
            double covered = Math.Min(end, i + 1) - Math.Max(start, i);
            if (covered > 1e-12)
            {
                taps.Add((i, (float)(covered / (end - start))));
            }
        }

        return [.. taps];
    }

    private static (int, float)[] Bilinear(int o, double scale, int sourceSize)
    {
        double position = Math.Max(0, ((o + 0.5) * scale) - 0.5);
        int low = Math.Min((int)Math.Floor(position), sourceSize - 1);
        int high = Math.Min(low + 1, sourceSize - 1);
        float fraction = (float)(position - low);
        return low == high || fraction == 0 ? [(low, 1f)] : [(low, 1 - fraction), (high, fraction)];
    }
}
