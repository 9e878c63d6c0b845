using System.Globalization;
using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>The <c>--range LOW,HIGH</c> flag of every verb that opens a generator: one parser, one rule (finite, LOW &lt; HIGH).</summary>
internal static class RangeFlag
{
    /// <summary>The range <paramref name="text"/> names, or null (the model card's) when it is null.</summary>
    /// <exception cref="UsageException">The text is not LOW,HIGH with finite LOW &lt; HIGH.</exception>
    public static PixelRange? Parse(string? text, string flag = "--range")
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split(',');
        return parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float low)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float high)
            && float.IsFinite(low) && float.IsFinite(high) && low < high
                ? new PixelRange(low, high)
                : throw new UsageException($"{flag} must be LOW,HIGH with finite LOW < HIGH (e.g. 0,1 or -1,1); got '{text}'");
    }
}
