namespace OnnxInvert.Imaging;

/// <summary>
/// Linear mapping between 8-bit pixels and a generator's <see cref="PixelRange"/>. Going back to pixels clamps to the
/// range, rounds to nearest (halves up, as torchvision's save_image does) and maps NaN to 0, so any float tensor can be written out.
/// </summary>
public static class PixelMapping
{
    /// <summary>The smallest value of <paramref name="range"/> (what pixel 0 maps to).</summary>
    /// <param name="range">The range.</param>
    public static float Min(PixelRange range) => Checked(range).Low;

    /// <summary>The largest value of <paramref name="range"/> (what pixel 255 maps to).</summary>
    /// <param name="range">The range.</param>
    public static float Max(PixelRange range) => Checked(range).High;

    /// <summary>Maps one pixel value into <paramref name="range"/>.</summary>
    /// <param name="pixel">The 8-bit value.</param>
    /// <param name="range">The target range.</param>
    public static float ToModel(byte pixel, PixelRange range)
    {
        (float levels, float min) = Coefficients(range);
        return (pixel / levels) + min;
    }

    /// <summary>Maps one model value back to a pixel: clamp to <paramref name="range"/>, round to nearest; NaN gives 0.</summary>
    /// <param name="value">The model value.</param>
    /// <param name="range">The range <paramref name="value"/> is in.</param>
    public static byte ToPixel(float value, PixelRange range)
    {
        (float levels, float min) = Coefficients(range);
        return ToPixelCore(value, levels, min);
    }

    /// <summary>Maps pixels into <paramref name="range"/>; <paramref name="destination"/> must have the same length.</summary>
    /// <param name="pixels">The 8-bit values.</param>
    /// <param name="destination">Receives the model values.</param>
    /// <param name="range">The target range.</param>
    public static void ToModel(ReadOnlySpan<byte> pixels, Span<float> destination, PixelRange range)
    {
        CheckLengths(pixels.Length, destination.Length);
        (float levels, float min) = Coefficients(range);
        for (int i = 0; i < pixels.Length; i++)
        {
            destination[i] = (pixels[i] / levels) + min;
        }
    }

    /// <summary>Maps model values back to pixels (clamped, rounded to nearest, NaN to 0); lengths must match.</summary>
    /// <param name="values">The model values.</param>
    /// <param name="destination">Receives the 8-bit values.</param>
    /// <param name="range">The range <paramref name="values"/> are in.</param>
    public static void ToPixels(ReadOnlySpan<float> values, Span<byte> destination, PixelRange range)
    {
        CheckLengths(values.Length, destination.Length);
        (float levels, float min) = Coefficients(range);
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = ToPixelCore(values[i], levels, min);
        }
    }

    private static byte ToPixelCore(float value, float levels, float min)
    {
        float pixel = (value - min) * levels;
        if (!(pixel > 0f))
        {
            return 0; // also NaN
        }

        return pixel >= 255f ? (byte)255 : (byte)(pixel + 0.5f);
    }

    /// <summary>Pixel levels per unit of the range (exact in float for [0, 1] and [-1, 1]: 255 and 127.5) and the range minimum.</summary>
    private static (float Levels, float Min) Coefficients(PixelRange range) => (255f / Checked(range).Width, range.Low);

    private static PixelRange Checked(PixelRange range) => range.IsValid ? range : throw UnknownRange(range);

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"Source has {source} elements but destination has {destination}.", nameof(destination));
        }
    }

    private static ArgumentOutOfRangeException UnknownRange(PixelRange range) =>
        new(nameof(range), range, "Not a valid PixelRange (default(PixelRange) has no width).");
}
