using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>The metrics of one inverted image as a run folder keeps them (a row of metrics.csv).</summary>
/// <param name="Index">The image's index in the job's targets.</param>
/// <param name="Source">The image's source name.</param>
/// <param name="Loss">The final reconstruction loss (NaN or infinite when the image failed).</param>
/// <param name="Penalty">The final prior penalty.</param>
/// <param name="Mse">The mean squared error of the reconstruction.</param>
/// <param name="Mae">The mean absolute error of the reconstruction.</param>
/// <param name="Psnr">The peak signal-to-noise ratio in dB.</param>
/// <param name="Steps">The updates the kept restart ran.</param>
/// <param name="Converged">Whether the kept restart stopped on the tolerance.</param>
/// <param name="Restart">The restart that was kept.</param>
/// <param name="Reinitializations">Re-initialisations after a non-finite loss.</param>
/// <param name="ReachedTarget">Whether the image reached the target MSE (false without one).</param>
/// <param name="TotalSteps">The updates over every restart the image ran.</param>
/// <param name="Seconds">Seconds from the start of the run that finished the image to the moment it finished.</param>
/// <param name="CutShort">Whether the image was stopped before it finished (a time budget spent, a withdrawal), with its best state so far; a column of metrics.csv.</param>
public sealed record ResultRow(int Index, string Source, double Loss, double Penalty, double Mse, double Mae, double Psnr, int Steps, bool Converged, int Restart, int Reinitializations, bool ReachedTarget = false, int TotalSteps = 0, double Seconds = 0, bool CutShort = false)
{
    /// <summary>The header of metrics.csv.</summary>
    public const string CsvHeader = "index,source,loss,penalty,mse,mae,psnr,steps,converged,restart,reinitializations,reached_target,total_steps,seconds,cut_short";

    /// <summary>Whether the image failed (its loss is not finite).</summary>
    public bool Failed => !double.IsFinite(Loss);

    /// <summary>The row of <paramref name="result"/>.</summary>
    public static ResultRow From(InversionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Index, result.Source, result.Loss, result.Penalty, result.Mse, result.Mae, result.Psnr, result.Steps, result.Converged, result.Restart, result.Reinitializations, result.ReachedTarget, result.TotalSteps, result.Seconds, result.CutShort);
    }

    /// <summary>The row as a line of metrics.csv (without the line break).</summary>
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
        Reinitializations.ToString(CultureInfo.InvariantCulture),
        ReachedTarget ? "true" : "false",
        TotalSteps.ToString(CultureInfo.InvariantCulture),
        Csv.Number(Seconds),
        CutShort ? "true" : "false");

    /// <summary>The row that <see cref="ToCsv"/> wrote as <paramref name="line"/>.</summary>
    /// <exception cref="FormatException">The line is not a row of <see cref="CsvHeader"/>'s fields.</exception>
    internal static ResultRow FromCsv(string line)
    {
        var f = Csv.Fields(line);
        if (f.Count != FieldCount)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a metrics row has {f.Count} fields, not {FieldCount}: '{line}'"));
        }

        return new(Int(f[0]), f[1], Real(f[2]), Real(f[3]), Real(f[4]), Real(f[5]), Real(f[6]), Int(f[7]), Flag(f[8]), Int(f[9]), Int(f[10]), Flag(f[11]), Int(f[12]), Real(f[13]), Flag(f[14]));

        static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        static double Real(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        static bool Flag(string text) => text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException($"'{text}' is neither true nor false"),
        };
    }

    private static int FieldCount => CsvHeader.Count(c => c == ',') + 1;
}
