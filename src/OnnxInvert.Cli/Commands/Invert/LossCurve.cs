using System.Globalization;
using System.Text;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// The mean loss of the batch after every iteration of an inversion, kept as <c>curve.csv</c> in the output folder
/// (<c>iteration, mean_loss, active_samples, completed_images</c>); a resumed run's curve covers what it ran.
/// </summary>
internal sealed class LossCurve
{
    /// <summary>The file's name in the output folder.</summary>
    public const string FileName = "curve.csv";

    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "iteration,mean_loss,active_samples,completed_images";

    private readonly StringBuilder _text = new(CsvHeader + "\n");

    /// <summary>Records one iteration's report.</summary>
    public void Add(InversionProgress progress) => _text.Append(string.Create(
        CultureInfo.InvariantCulture,
        $"{progress.Iteration},{Csv.Number(progress.MeanLoss)},{progress.ActiveSamples},{progress.CompletedImages}\n"));

    /// <summary>Writes the curve into <paramref name="folder"/>.</summary>
    public void Write(string folder) => AtomicWriter.WriteText(Path.Combine(folder, FileName), _text.ToString());

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
