using System.Globalization;
using System.Text;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>CSV field formatting of the run folder's tables (RFC 4180 quoting, invariant round-trip numbers).</summary>
public static class Csv
{
    /// <summary><paramref name="text"/> as one field: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary><paramref name="value"/> in its shortest round-trip invariant form.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The fields of one CSV line written by <see cref="Quote"/> (quoted fields may hold commas and doubled quotes).</summary>
    public static IReadOnlyList<string> Fields(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
