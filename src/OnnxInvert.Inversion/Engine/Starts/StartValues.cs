namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>The first-attempt starting latent of every target of a run: a row per target, or one value for every element.</summary>
internal sealed class StartValues
{
    private readonly float[]? _rows;
    private readonly float _fill;

    private StartValues(float[]? rows, float fill)
    {
        _rows = rows;
        _fill = fill;
    }

    public static StartValues Rows(float[] rows) => new(rows, 0);

    public static StartValues Fill(float value) => new(null, value);

    /// <summary>Writes target <paramref name="position"/>'s start into <paramref name="latent"/>.</summary>
    public void Write(int position, Span<float> latent)
    {
        if (_rows is null)
        {
            latent.Fill(_fill);
            return;
        }

        _rows.AsSpan(position * latent.Length, latent.Length).CopyTo(latent);
    }
}
