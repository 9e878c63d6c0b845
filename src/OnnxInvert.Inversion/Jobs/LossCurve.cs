using System.Globalization;
using System.Text;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The mean loss of the batch after each iteration of a job, kept as <c>curve.csv</c> in the run folder
/// (<c>iteration, mean_loss, active_samples, completed_images</c>). A resumed job's curve goes on from the earlier
/// runs' (<see cref="Continue"/>): iterations and completed images count over all runs. Memory stays bounded on long
/// jobs: every iteration is kept up to <see cref="MaxRows"/> rows, then the curve is thinned to every 2nd, 4th, ...
/// row (evenly, keeping the first), and the last iteration is always written.
/// </summary>
public sealed class LossCurve
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "iteration,mean_loss,active_samples,completed_images";

    /// <summary>The most rows a curve holds before it is thinned to half.</summary>
    public const int MaxRows = 2000;

    private readonly List<CurvePoint> _points = [];
    private CurvePoint? _last;
    private long _stride = 1;
    private long _count;
    private long _iterationOffset;
    private int _completedOffset;

    /// <summary>The file's name in a run folder.</summary>
    public static string FileName => RunFolder.CurveFile;

    /// <summary>Iterations recorded so far, over all runs.</summary>
    public long Iterations => _last?.Iteration ?? 0;

    /// <summary>Records one iteration's report (its iteration and completed images counted on from the earlier runs).</summary>
    public void Add(InversionProgress progress) =>
        Add(new CurvePoint(progress.Iteration + _iterationOffset, progress.MeanLoss, progress.ActiveSamples, progress.CompletedImages + _completedOffset));

    /// <summary>
    /// Takes up the curve an earlier run wrote to <paramref name="path"/> (nothing when there is none): its rows are
    /// kept and later reports count on from its last iteration and <paramref name="completedBefore"/> images.
    /// </summary>
    /// <exception cref="FormatException">The file is not a curve written by <see cref="Write"/>.</exception>
    public void Continue(string path, int completedBefore)
    {
        if (File.Exists(path))
        {
            foreach (var point in ReadPoints(path))
            {
                Add(point);
            }
        }

        _iterationOffset = Iterations;
        _completedOffset = completedBefore;
    }

    /// <summary>Writes the curve into <paramref name="folder"/> (atomically).</summary>
    public void Write(string folder)
    {
        var text = new StringBuilder(CsvHeader + "\n");
        var rows = _last is { } last && (_points.Count == 0 || _points[^1].Iteration != last.Iteration) ? _points.Append(last) : _points;
        foreach (var p in rows)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{p.Iteration},{Csv.Number(p.MeanLoss)},{p.ActiveSamples},{p.CompletedImages}\n"));
        }

        AtomicFile.WriteText(Path.Combine(folder, FileName), text.ToString());
    }

    /// <summary>The (iteration, mean loss) points of a curve file, skipping iterations without a finite loss.</summary>
    /// <exception cref="FormatException">The file is not a curve written by <see cref="Write"/>.</exception>
    public static IReadOnlyList<(double Iteration, double MeanLoss)> Read(string path) =>
        [.. ReadPoints(path).Where(p => double.IsFinite(p.MeanLoss)).Select(p => ((double)p.Iteration, p.MeanLoss))];

    private void Add(CurvePoint point)
    {
        _last = point;
        if (_count++ % _stride != 0)
        {
            return;
        }

        _points.Add(point);
        if (_points.Count >= MaxRows)
        {
            _stride *= 2;
            var kept = _points.Where((_, i) => i % 2 == 0).ToArray();
            _points.Clear();
            _points.AddRange(kept);
        }
    }

    private static List<CurvePoint> ReadPoints(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != CsvHeader)
        {
            throw new FormatException($"{path}: not a loss curve (the header must be '{CsvHeader}')");
        }

        var points = new List<CurvePoint>(lines.Length - 1);
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            if (fields.Length < 2
                || !long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long iteration)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss))
            {
                throw new FormatException($"{path}: unreadable line '{line}'");
            }

            int active = fields.Length > 2 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int a) ? a : 0;
            int completed = fields.Length > 3 && int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) ? c : 0;
            points.Add(new CurvePoint(iteration, loss, active, completed));
        }

        return points;
    }

    private readonly record struct CurvePoint(long Iteration, double MeanLoss, int ActiveSamples, int CompletedImages);
}
