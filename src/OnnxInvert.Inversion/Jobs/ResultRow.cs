using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>The metrics of one inverted image as a run folder keeps them (state.json and metrics.csv).</summary>
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
/// <param name="CutShort">Whether the image was stopped before it finished (a time budget spent, a withdrawal), with its best state so far; kept in state.json only when true.</param>
public sealed record ResultRow(int Index, string Source, double Loss, double Penalty, double Mse, double Mae, double Psnr, int Steps, bool Converged, int Restart, int Reinitializations, bool ReachedTarget = false, int TotalSteps = 0, double Seconds = 0, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool CutShort = false)
{
    /// <summary>The header of metrics.csv.</summary>
    public const string CsvHeader = "index,source,loss,penalty,mse,mae,psnr,steps,converged,restart,reinitializations,reached_target,total_steps,seconds";

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
        Csv.Number(Seconds));
}
