using OnnxInvert.Cli.Options;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>The content of an inversion folder's <c>summary.json</c>: mean figures, timing, and every setting used.</summary>
internal static class RunSummary
{
    /// <summary>
    /// The summary of <paramref name="rows"/>, inverted in <paramref name="wall"/> seconds over all runs on the folder,
    /// <paramref name="sessionWall"/> of them in this run (whose last progress report gives the iteration counts and so
    /// the per-step times).
    /// </summary>
    public static Dictionary<string, object?> Build(ResultRow[] rows, double wall, double sessionWall, InversionProgress last, int resumed, Inverter inverter, Generator generator, InversionOptions settings, InversionFlags flags)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(inverter);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(flags);
        var finite = rows.Where(r => double.IsFinite(r.Loss)).ToArray();
        double Mean(Func<ResultRow, double> f) => finite.Length == 0 ? double.NaN : finite.Average(f);
        return new Dictionary<string, object?>
        {
            ["images"] = rows.Length,
            ["mean_mse"] = Mean(r => r.Mse),
            ["mean_mae"] = Mean(r => r.Mae),
            ["mean_psnr"] = Mean(r => r.Psnr),
            ["mean_loss"] = Mean(r => r.Loss),
            ["converged"] = rows.Count(r => r.Converged),
            ["failed"] = rows.Length - finite.Length,
            ["reinitializations"] = rows.Sum(r => r.Reinitializations),
            ["resumed_images"] = resumed,
            ["wall_seconds"] = wall,
            ["iterations"] = last.Iteration,
            ["sample_steps"] = last.SampleSteps,
            ["seconds_per_step"] = last.Iteration == 0 ? 0 : sessionWall / last.Iteration,
            ["seconds_per_sample_step"] = last.SampleSteps == 0 ? 0 : sessionWall / last.SampleSteps,
            ["samples_independent"] = inverter.SamplesIndependent,
            ["coupling"] = inverter.Coupling.Select(c => c.ToString()).ToArray(),
            ["model"] = generator.Path,
            ["latent"] = generator.LatentInput,
            ["output"] = generator.ImageOutput,
            ["output_range"] = new[] { generator.OutputRange.Low, generator.OutputRange.High },
            ["prior"] = inverter.Prior.ToString(),
            ["constraint"] = inverter.Constraint,
            ["optimizer"] = settings.Optimizer.ToString(),
            ["schedule"] = settings.Schedule.ToString(),
            ["loss"] = settings.Loss.ToString().ToLowerInvariant(),
            ["steps"] = settings.Steps,
            ["batch"] = settings.BatchSize,
            ["restarts"] = settings.Restarts,
            ["seed"] = settings.Seed,
            ["init"] = flags.Init,
            ["mask"] = flags.Mask,
            ["resize"] = flags.Resize,
            ["preset"] = flags.Preset,
        };
    }
}
