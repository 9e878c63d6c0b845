using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace OnnxInvert.Inversion.Evaluation;

/// <summary>
/// The mean of a per-image error over a set of images with its confidence interval (Student's t on the sample standard
/// deviation: mean ± t(1 − (1 − level)/2, n − 1) · s / √n).
/// </summary>
public sealed record ErrorSummary
{
    /// <summary>How many values were summarised.</summary>
    public required int Count { get; init; }

    /// <summary>Their mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Their sample standard deviation (n − 1); NaN for fewer than two values.</summary>
    public required double StdDev { get; init; }

    /// <summary>Half the width of the confidence interval; NaN for fewer than two values.</summary>
    public required double HalfWidth { get; init; }

    /// <summary>The confidence level of <see cref="HalfWidth"/>, e.g. 0.95.</summary>
    public required double Level { get; init; }

    /// <summary>The lower end of the interval.</summary>
    public double Low => Mean - HalfWidth;

    /// <summary>The upper end of the interval.</summary>
    public double High => Mean + HalfWidth;

    /// <summary>Summarises <paramref name="values"/> at confidence <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentException">No values, a value that is not finite, or a level outside (0, 1).</exception>
    public static ErrorSummary Of(IReadOnlyCollection<double> values, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("at least one value is needed", nameof(values));
        }

        foreach (double value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"values must be finite; got {value}", nameof(values));
            }
        }

        if (!(level is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "the confidence level must be in (0, 1)");
        }

        double mean = values.Mean();
        if (values.Count < 2)
        {
            return new ErrorSummary { Count = 1, Mean = mean, StdDev = double.NaN, HalfWidth = double.NaN, Level = level };
        }

        double sd = values.StandardDeviation();
        double t = StudentT.InvCDF(0, 1, values.Count - 1, 1 - ((1 - level) / 2));
        return new ErrorSummary { Count = values.Count, Mean = mean, StdDev = sd, HalfWidth = t * sd / Math.Sqrt(values.Count), Level = level };
    }
}
