using System.Globalization;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>
/// The condition columns of a CSV manifest: per image, the values of each column (a cell holds the input's values
/// separated by spaces), with the manifest line each came from for errors.
/// </summary>
internal sealed class ManifestConditions(string manifest, string[] columns, double[][][] values, int[] lines)
{
    /// <summary>The manifest file.</summary>
    public string Manifest { get; } = manifest;

    /// <summary>The columns besides <c>path</c>, each named after a condition input.</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>Image <paramref name="index"/>'s values by column.</summary>
    public IReadOnlyDictionary<string, double[]> Row(int index) =>
        columns.Select((c, k) => (c, values[index][k])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Image <paramref name="index"/>'s values in column <paramref name="column"/>.</summary>
    public double[] Cell(int index, int column) => values[index][column];

    /// <summary>The manifest line (1-based) image <paramref name="index"/> is listed on.</summary>
    public int Line(int index) => lines[index];

    public int Count => lines.Length;

    /// <summary>Parses one cell: numbers separated by spaces.</summary>
    /// <exception cref="FormatException">A value is not a finite number; the message names the file, line and column.</exception>
    public static double[] ParseCell(string manifest, int line, string column, string cell)
    {
        string[] parts = cell.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{line}: column '{column}' is empty; give the condition input's value"));
        }

        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{line}: column '{column}': '{parts[i]}' is not a finite number"));
            }
        }

        return values;
    }
}
