using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The content of a run folder's <c>summary.json</c>: mean figures over the finished images, timing over all runs,
/// what the generator and the engine resolved (model, latent, output, range, prior, constraint, optimiser, schedule,
/// loss, steps, batch, restarts, seed), then every entry of the job's <see cref="JobSettings"/> not already named.
/// </summary>
public static class RunSummary
{
    /// <summary>The summary of a finished (or interrupted) job.</summary>
    /// <param name="rows">The finished images over all runs.</param>
    /// <param name="timing">Time, iterations and sample steps.</param>
    /// <param name="resumed">Images finished by earlier runs.</param>
    /// <param name="inverter">The inverter (its options and resolved prior and constraint).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="settings">The job's settings as given.</param>
    /// <param name="skipped">The target files that were skipped (<see cref="TargetSource.Skipped"/>), written as <c>skipped</c>.</param>
    public static IReadOnlyDictionary<string, object?> Build(IReadOnlyList<ResultRow> rows, JobTiming timing, int resumed, Inverter inverter, Generator generator, JobSettings settings, IReadOnlyList<string>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(inverter);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(settings);
        var finite = rows.Where(r => !r.Failed).ToArray();
        double Mean(Func<ResultRow, double> f) => finite.Length == 0 ? double.NaN : finite.Average(f);
        var options = inverter.Options;
        var summary = new Dictionary<string, object?>
        {
            ["images"] = rows.Count,
            ["mean_mse"] = Mean(r => r.Mse),
            ["mean_mae"] = Mean(r => r.Mae),
            ["mean_psnr"] = Mean(r => r.Psnr),
            ["mean_loss"] = Mean(r => r.Loss),
            ["converged"] = rows.Count(r => r.Converged),
            ["failed"] = rows.Count - finite.Length,
            ["reinitializations"] = rows.Sum(r => r.Reinitializations),
            ["resumed_images"] = resumed,
            ["skipped"] = (skipped ?? []).ToArray(),
            ["wall_seconds"] = timing.TotalSeconds,
            ["iterations"] = timing.Iterations,
            ["sample_steps"] = timing.SampleSteps,
            ["seconds_per_step"] = timing.SecondsPerStep,
            ["seconds_per_sample_step"] = timing.SecondsPerSampleStep,
            ["samples_independent"] = inverter.SamplesIndependent,
            ["coupling"] = inverter.Coupling.Select(c => c.ToString()).ToArray(),
            ["model"] = generator.Path,
            ["latent"] = generator.LatentInput,
            ["output"] = generator.ImageOutput,
            ["output_range"] = new[] { generator.OutputRange.Low, generator.OutputRange.High },
            ["prior"] = inverter.Prior.ToString(),
            ["constraint"] = inverter.Constraint,
            ["optimizer"] = options.Optimizer.ToString(),
            ["schedule"] = options.Schedule.ToString(),
            ["loss"] = options.Loss.ToString().ToLowerInvariant(),
            ["steps"] = options.Steps,
            ["batch"] = options.BatchSize,
            ["restarts"] = options.Restarts,
            ["seed"] = options.Seed,
        };
        if (options.TargetMse > 0)
        {
            AddTarget(summary, rows, options);
        }

        if (options.TimeBudget is { } budget)
        {
            summary["time_budget_seconds"] = budget.TotalSeconds;
            summary["cut_short"] = rows.Count(r => r.CutShort);
        }

        foreach (var entry in settings.Entries)
        {
            summary.TryAdd(entry.Name, entry.Value);
        }

        return summary;
    }

    /// <summary>
    /// How many images reached the target MSE, and when: the median and the largest run time and update count (over
    /// every restart) at which they did; and how many reached it in a stall restart (one after the planned restarts).
    /// </summary>
    private static void AddTarget(Dictionary<string, object?> summary, IReadOnlyList<ResultRow> rows, InversionOptions options)
    {
        var reached = rows.Where(r => r.ReachedTarget).ToArray();
        double[] seconds = [.. reached.Select(r => r.Seconds).Order()];
        int[] steps = [.. reached.Select(r => r.TotalSteps).Order()];
        summary["target_mse"] = options.TargetMse;
        summary["stall_restarts"] = options.StallRestarts == InversionOptions.UntilBudget ? "until the budget" : options.StallRestarts;
        summary["reached_target"] = reached.Length;
        summary["reached_target_fraction"] = rows.Count == 0 ? double.NaN : (double)reached.Length / rows.Count;
        summary["reached_target_seconds"] = reached.Length == 0 ? null : new Dictionary<string, double> { ["median"] = seconds[seconds.Length / 2], ["max"] = seconds[^1] };
        summary["reached_target_steps"] = reached.Length == 0 ? null : new Dictionary<string, int> { ["median"] = steps[steps.Length / 2], ["max"] = steps[^1] };
        summary["won_by_stall_restart"] = reached.Count(r => r.Restart >= options.Restarts);
    }
}
