using System.Globalization;

namespace OnnxInvert.Imaging;

/// <summary>
/// A value range [<see cref="Low"/>, <see cref="High"/>] of image tensors: a generator's output range, a target array's
/// declared range, a <c>--range</c> flag. 8-bit pixels 0..255 map onto it linearly (<see cref="PixelMapping"/>).
/// </summary>
public readonly record struct PixelRange
{
    /// <summary>Creates a range.</summary>
    /// <param name="low">The value pixel 0 maps to; finite.</param>
    /// <param name="high">The value pixel 255 maps to; finite and above <paramref name="low"/>.</param>
    /// <exception cref="ArgumentException">A bound is not finite or <paramref name="low"/> is not below <paramref name="high"/>.</exception>
    public PixelRange(float low, float high)
    {
        if (!float.IsFinite(low) || !float.IsFinite(high) || !(low < high))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A pixel range needs finite LOW < HIGH; got [{low:G6}, {high:G6}]."), nameof(high));
        }

        Low = low;
        High = high;
    }

    /// <summary>[0, 1]: pixel p maps to p / 255 (sigmoid outputs).</summary>
    public static PixelRange ZeroToOne { get; } = new(0, 1);

    /// <summary>[-1, 1]: pixel p maps to p / 127.5 - 1 (tanh outputs).</summary>
    public static PixelRange MinusOneToOne { get; } = new(-1, 1);

    /// <summary>The smallest value (what pixel 0 maps to).</summary>
    public float Low { get; }

    /// <summary>The largest value (what pixel 255 maps to).</summary>
    public float High { get; }

    /// <summary><see cref="High"/> - <see cref="Low"/>; positive, except for <c>default(PixelRange)</c>, which is not a valid range.</summary>
    public float Width => High - Low;

    /// <summary>Whether this is a range the constructor accepts (false for <c>default(PixelRange)</c>).</summary>
    public bool IsValid => float.IsFinite(Low) && float.IsFinite(High) && Low < High;

    /// <summary>Splits the range into its bounds.</summary>
    /// <param name="low">Receives <see cref="Low"/>.</param>
    /// <param name="high">Receives <see cref="High"/>.</param>
    public void Deconstruct(out float low, out float high)
    {
        low = Low;
        high = High;
    }

    /// <summary>The range as <c>[low, high]</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Low:G6}, {High:G6}]");
}
