using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>The text of <c>invert</c>'s progress reports (pure functions of a snapshot, so they are testable without a terminal).</summary>
internal static class ProgressFormat
{
    /// <summary>Characters between the brackets of <see cref="Bar"/>.</summary>
    public const int BarWidth = 24;

    /// <summary>
    /// How far the whole run is, in [0, 1]: images resumed from an earlier run count as done; of the rest, the larger
    /// of the share of images finished and the share of planned sample updates done (so the bar moves within a batch).
    /// </summary>
    public static double Fraction(InversionProgress p, int alreadyDone, int total)
    {
        if (total <= 0)
        {
            return 1;
        }

        int pending = Math.Max(0, total - alreadyDone);
        double images = pending == 0 ? 1 : (double)p.CompletedImages / pending;
        double steps = p.PlannedSampleSteps <= 0 ? 0 : (double)p.SampleSteps / p.PlannedSampleSteps;
        double share = Math.Clamp(Math.Max(images, steps), 0, 1);
        return Math.Clamp((alreadyDone + (pending * share)) / total, 0, 1);
    }

    /// <summary>The terminal status line (<paramref name="label"/> names the verb), e.g. <c>invert [##########--------------]  42% 7/16 images, ETA 0:12, loss 0.08991</c>.</summary>
    public static string Bar(InversionProgress p, int alreadyDone, int total, string label = "invert")
    {
        double fraction = Fraction(p, alreadyDone, total);
        int filled = (int)Math.Floor(fraction * BarWidth);
        string bar = new string('#', filled) + new string('-', BarWidth - filled);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{label} [{bar}] {Percent(fraction),3}% {alreadyDone + p.CompletedImages}/{total} images, ETA {Eta(p)}, loss {Loss(p)}");
    }

    /// <summary>A plain log line for a redirected stderr, starting with <paramref name="label"/>.</summary>
    public static string Line(InversionProgress p, int alreadyDone, int total, string label = "invert") => string.Create(
        CultureInfo.InvariantCulture,
        $"{label}: {alreadyDone + p.CompletedImages}/{total} images, {p.ActiveSamples} in batch, iteration {p.Iteration}, mean loss {p.MeanLoss:G5}, elapsed {Duration(p.Elapsed)}, ETA {Eta(p)}, {Percent(Fraction(p, alreadyDone, total))}% done");

    /// <summary>Whole percent, rounded down (100 only when everything is done).</summary>
    public static int Percent(double fraction) => (int)Math.Floor(Math.Clamp(fraction, 0, 1) * 100);

    /// <summary>m:ss, or h:mm:ss from an hour on.</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string Eta(InversionProgress p) => p.Remaining is { } r ? Duration(r) : "?";

    private static string Loss(InversionProgress p) => double.IsNaN(p.MeanLoss) ? "-" : p.MeanLoss.ToString("G4", CultureInfo.InvariantCulture);
}
