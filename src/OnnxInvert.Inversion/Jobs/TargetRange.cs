using System.Globalization;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The value range of array targets: maps an array from its declared range (<see cref="TargetFormat.ArrayRange"/>) onto
/// the generator's, then refuses one whose values lie far outside the generator's range, which would otherwise be
/// inverted without complaint to a meaningless result.
/// </summary>
internal static class TargetRange
{
    /// <summary>
    /// How far outside the generator's range a value may lie, as a fraction of the range's width. One width: a
    /// generator without a bounded output activation (StyleGAN2's sum of toRGB skips) produces values well past its
    /// nominal [-1, 1] (the StyleGAN2-like corpus model reaches -2.1 and 2.5 on 64 of its own images), while 8-bit
    /// pixels given to a [0, 1] or [-1, 1] model still lie far outside.
    /// </summary>
    public const float Margin = 1.0f;

    /// <summary>
    /// Maps <paramref name="data"/> in place when <paramref name="format"/> declares its range, then checks it;
    /// <paramref name="firstImage"/> is the array image the data starts at (for the error's index).
    /// </summary>
    /// <exception cref="TargetRangeException">A value lies more than <see cref="Margin"/> of the width outside the generator's range.</exception>
    public static void Apply(Span<float> data, IReadOnlyList<int> shape, string path, TargetFormat format, int firstImage = 0)
    {
        var (low, high) = format.Range;
        float span = high - low;
        if (format.ArrayRange is var (from, to))
        {
            float scale = span / (to - from);
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = low + ((data[i] - from) * scale);
            }
        }

        float tolerance = Margin * span;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] < low - tolerance || data[i] > high + tolerance)
            {
                int perImage = data.Length / shape[0];
                throw new TargetRangeException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: value {data[i]:G6} at index {((long)firstImage * perImage) + i} (image {firstImage + (i / perImage)}) is far outside the generator's output range [{low:G6}, {high:G6}]{(format.ArrayRange is null ? "; array values are taken as already in that range" : " after mapping the declared range onto it")}"));
            }
        }
    }
}
