using System.Globalization;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>
/// The first-attempt starting latent of each target a run takes: a row per target (in the order targets are taken),
/// one value for every element, one row for every target, or a row computed from each target as it is taken.
/// </summary>
internal sealed class StartValues
{
    private readonly float[]? _rows;
    private readonly Func<FeedTarget, float[]>? _perTarget;
    private readonly string _what;
    private readonly bool _repeat;

    private StartValues(float[]? rows, Func<FeedTarget, float[]>? perTarget, string what, bool repeat = false)
    {
        _rows = rows;
        _perTarget = perTarget;
        _what = what;
        _repeat = repeat;
    }

    /// <summary>Row i for the i-th target taken.</summary>
    public static StartValues Rows(float[] rows, string what) => new(rows, null, what);

    public static StartValues Fill(float value, int size)
    {
        var row = new float[size];
        Array.Fill(row, value);
        return new(row, null, "fill", repeat: true);
    }

    /// <summary>The same row for every target.</summary>
    public static StartValues Repeat(float[] row) => new(row, null, "repeat", repeat: true);

    /// <summary>A row computed from each target when it is taken (e.g. an encoder's proposal).</summary>
    public static StartValues PerTarget(Func<FeedTarget, float[]> compute) => new(null, compute, "per-target");

    /// <summary>The start of the target taken at <paramref name="position"/> (0 for the first one taken).</summary>
    /// <exception cref="ArgumentException">Rows were given up front and none is left for this target.</exception>
    public ReadOnlyMemory<float> Row(int position, FeedTarget target, int size)
    {
        if (_perTarget is not null)
        {
            return _perTarget(target);
        }

        if (_repeat)
        {
            return _rows;
        }

        if ((long)(position + 1) * size > _rows!.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{_what} has {_rows.Length / size} row(s); target #{position} ('{target.Name}', index {target.Index}) has none"));
        }

        return _rows.AsMemory(position * size, size);
    }
}
