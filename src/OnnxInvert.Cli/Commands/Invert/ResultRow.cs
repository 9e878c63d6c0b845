using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>The metrics of one inverted image as stored in state.json and metrics.csv.</summary>
internal sealed record ResultRow(int Index, string Source, double Loss, double Penalty, double Mse, double Mae, double Psnr, int Steps, bool Converged, int Restart, int Reinitializations)
{
    public const string CsvHeader = "index,source,loss,penalty,mse,mae,psnr,steps,converged,restart,reinitializations";

    public static ResultRow From(InversionResult r) =>
        new(r.Index, r.Source, r.Loss, r.Penalty, r.Mse, r.Mae, r.Psnr, r.Steps, r.Converged, r.Restart, r.Reinitializations);

    public string ToCsv() => string.Join(
        ",",
        Index.ToString(CultureInfo.InvariantCulture),
        Csv.Quote(Source),
        Csv.Number(Loss),
        Csv.Number(Penalty),
        Csv.Number(Mse),
        Csv.Number(Mae),
        Csv.Number(Psnr),
        Steps.ToString(CultureInfo.InvariantCulture),
        Converged ? "true" : "false",
        Restart.ToString(CultureInfo.InvariantCulture),
        Reinitializations.ToString(CultureInfo.InvariantCulture));
}

/// <summary>CSV field formatting (RFC 4180 quoting, invariant round-trip numbers).</summary>
internal static class Csv
{
    public static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The fields of one CSV line written by <see cref="Quote"/> (quoted fields may hold commas and doubled quotes).</summary>
    public static IReadOnlyList<string> Fields(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
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
