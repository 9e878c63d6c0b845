using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace OnnxInvert.Autodiff.Tests;

/// <summary>
/// Collects the worst relative error of every gradient check in a test class and, when the environment variable
/// ONNXINVERT_GRADIENT_REPORT names a folder, writes them there as a Markdown table (used to produce docs/).
/// </summary>
public sealed class GradientReport : IDisposable
{
    public const string Variable = "ONNXINVERT_GRADIENT_REPORT";

    private readonly ConcurrentDictionary<string, (string Check, double Error)> _rows = new();

    /// <summary>The report's file name inside the folder; set by the test class's constructor.</summary>
    public string FileName { get; set; } = "gradient-report.md";

    /// <summary>The report's heading line.</summary>
    public string Title { get; set; } = "Gradient checks";

    public void Record(string name, string check, double error) => _rows[name] = (check, error);

    public void Dispose()
    {
        string? folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(folder) || _rows.IsEmpty)
        {
            return;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {Title} | check | worst relative error |");
        text.AppendLine("|---|---|---|");
        foreach (var (name, (check, error)) in _rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {check} | {error:E2} |");
        }

        var worst = _rows.MaxBy(r => r.Value.Error);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{_rows.Count} checks; worst: {worst.Key} ({worst.Value.Check}) at {worst.Value.Error:E2}.");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, FileName), text.ToString());
    }
}
