using System.Globalization;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// The value a fixed (condition) input of the generator is fed: a scalar broadcast to every element of every image's
/// row (label = 3), or an array of rows, one for every image (a single row) or row i for image i (as many rows as
/// images). Values are converted to the input's element type when the inversion is set up (integers must be whole
/// and in range, booleans 0 or 1).
/// </summary>
public sealed class ConditionValue
{
    private ConditionValue(double[] values, int rows, bool scalar)
    {
        Values = values;
        Rows = rows;
        IsScalar = scalar;
    }

    /// <summary>The values, row after row.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>How many rows (1 for a scalar or a row shared by every image).</summary>
    public int Rows { get; }

    /// <summary>Whether this is one scalar broadcast to every element.</summary>
    public bool IsScalar { get; }

    /// <summary>A scalar broadcast to every element of every image's row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN.</exception>
    public static ConditionValue Scalar(double value) =>
        double.IsNaN(value) ? throw new ArgumentOutOfRangeException(nameof(value), value, "A condition value must be a number.") : new([value], 1, scalar: true);

    /// <summary>
    /// <paramref name="rows"/> rows of equal length laid out contiguously in <paramref name="values"/>: one row is
    /// shared by every image, otherwise row i goes with image i.
    /// </summary>
    /// <exception cref="ArgumentException">The values do not split into <paramref name="rows"/> rows, or one is NaN.</exception>
    public static ConditionValue FromRows(double[] values, int rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (values.Length == 0 || values.Length % rows != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{values.Length} condition values do not split into {rows} rows of equal, non-zero length"), nameof(values));
        }

        if (Array.Exists(values, double.IsNaN))
        {
            throw new ArgumentException("a condition value is NaN", nameof(values));
        }

        return new((double[])values.Clone(), rows, scalar: false);
    }

    /// <summary>The values per row.</summary>
    public int RowLength => Values.Count / Rows;

    /// <inheritdoc />
    public override string ToString() => IsScalar
        ? Values[0].ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Rows} row(s) of {RowLength}");
}
