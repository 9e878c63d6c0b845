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

    /// <summary>
    /// The records of a whole CSV text, each as its fields: a quoted field may hold commas, doubled quotes and line
    /// breaks (a file name with a newline stays in its row). Empty lines are skipped; CRLF and LF both end a record.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Records(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<IReadOnlyList<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted && c == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
                any = true;
            }
            else if ((c == '\n' || c == '\r') && !quoted)
            {
                EndRecord();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                field.Append(c);
                any = true;
            }
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (any)
            {
                fields.Add(field.ToString());
                records.Add([.. fields]);
            }

            fields.Clear();
            field.Clear();
            any = false;
        }
    }
}
