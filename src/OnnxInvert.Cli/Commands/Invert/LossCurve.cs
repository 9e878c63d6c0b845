using System.Globalization;
using System.Text;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// The mean loss of the batch after each iteration of an inversion, kept as <c>curve.csv</c> in the output folder
/// (<c>iteration, mean_loss, active_samples, completed_images</c>); a resumed run's curve covers what it ran. Memory
/// stays bounded on long jobs: every iteration is kept up to <see cref="MaxRows"/> rows, then the curve is thinned to
/// every 2nd, 4th, ... iteration (evenly, keeping the first), and the last iteration is always written.
/// </summary>
internal sealed class LossCurve
{
    /// <summary>The file's name in the output folder.</summary>
    public const string FileName = "curve.csv";

    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "iteration,mean_loss,active_samples,completed_images";

    /// <summary>The most rows a curve holds before it is thinned to half.</summary>
    public const int MaxRows = 2000;

    private readonly List<InversionProgress> _points = [];
    private InversionProgress? _last;
    private long _stride = 1;

    /// <summary>Records one iteration's report.</summary>
    public void Add(InversionProgress progress)
    {
        _last = progress;
        if ((progress.Iteration - 1) % _stride != 0)
        {
            return;
        }

        _points.Add(progress);
        if (_points.Count >= MaxRows)
        {
            _stride *= 2;
            _points.RemoveAll(p => (p.Iteration - 1) % _stride != 0);
        }
    }

    /// <summary>Writes the curve into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        var text = new StringBuilder(CsvHeader + "\n");
        var rows = _last is { } last && (_points.Count == 0 || _points[^1].Iteration != last.Iteration) ? _points.Append(last) : _points;
        foreach (var p in rows)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{p.Iteration},{Csv.Number(p.MeanLoss)},{p.ActiveSamples},{p.CompletedImages}\n"));
        }

        AtomicWriter.WriteText(Path.Combine(folder, FileName), text.ToString());
    }

    /// <summary>The (iteration, mean loss) points of a curve file, skipping iterations without a finite loss.</summary>
    /// <exception cref="FormatException">The file is not a curve written by <see cref="Write"/>.</exception>
    public static IReadOnlyList<(double Iteration, double MeanLoss)> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != CsvHeader)
        {
            throw new FormatException($"{path}: not a loss curve (the header must be '{CsvHeader}')");
        }

        var points = new List<(double, double)>(lines.Length - 1);
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            if (fields.Length < 2
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double iteration)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss))
            {
                throw new FormatException($"{path}: unreadable line '{line}'");
            }

            if (double.IsFinite(loss))
            {
                points.Add((iteration, loss));
            }
        }

        return points;
    }
}
