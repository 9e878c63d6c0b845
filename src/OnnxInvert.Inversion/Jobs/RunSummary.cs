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
        var totals = Totals.Of(rows, inverter.Options.Restarts); // one pass: the rows may be read back from a file, and there may be millions
        var options = inverter.Options;
        var summary = new Dictionary<string, object?>
        {
            ["images"] = totals.Images,
            ["mean_mse"] = totals.Mean(totals.Mse),
            ["mean_mae"] = totals.Mean(totals.Mae),
            ["mean_psnr"] = totals.Mean(totals.Psnr),
            ["mean_loss"] = totals.Mean(totals.Loss),
            ["converged"] = totals.Converged,
            ["failed"] = totals.Images - totals.Finite,
            ["reinitializations"] = totals.Reinitializations,
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
            AddTarget(summary, totals, options);
        }

        if (options.TimeBudget is { } budget)
        {
            summary["time_budget_seconds"] = budget.TotalSeconds;
            summary["cut_short"] = totals.CutShort;
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
    private static void AddTarget(Dictionary<string, object?> summary, Totals totals, InversionOptions options)
    {
        double[] seconds = [.. totals.ReachedSeconds.Order()];
        int[] steps = [.. totals.ReachedSteps.Order()];
        summary["target_mse"] = options.TargetMse;
        summary["stall_restarts"] = options.StallRestarts == InversionOptions.UntilBudget ? "until the budget" : options.StallRestarts;
        summary["reached_target"] = seconds.Length;
        summary["reached_target_fraction"] = totals.Images == 0 ? double.NaN : (double)seconds.Length / totals.Images;
        summary["reached_target_seconds"] = seconds.Length == 0 ? null : new Dictionary<string, double> { ["median"] = seconds[seconds.Length / 2], ["max"] = seconds[^1] };
        summary["reached_target_steps"] = steps.Length == 0 ? null : new Dictionary<string, int> { ["median"] = steps[steps.Length / 2], ["max"] = steps[^1] };
        summary["won_by_stall_restart"] = totals.WonByStallRestart;
    }

    /// <summary>
    /// The sums and counts of one pass over the rows (in their order, so the means are the ones a list's average
    /// gives); per image only what a median needs: the time and updates of the images that reached the target.
    /// </summary>
    private sealed class Totals
    {
        public int Images { get; private set; }

        public int Finite { get; private set; }

        public double Mse { get; private set; }

        public double Mae { get; private set; }

        public double Psnr { get; private set; }

        public double Loss { get; private set; }

        public int Converged { get; private set; }

        public int Reinitializations { get; private set; }

        public List<double> ReachedSeconds { get; } = [];

        public List<int> ReachedSteps { get; } = [];

        /// <summary>Images that reached the target in a stall restart (one at or past the planned restarts).</summary>
        public int WonByStallRestart { get; private set; }

        /// <summary>Images stopped at their best so far (a time budget spent, a withdrawal).</summary>
        public int CutShort { get; private set; }

        public static Totals Of(IEnumerable<ResultRow> rows, int restarts)
        {
            var t = new Totals();
            foreach (var r in rows)
            {
                t.Images++;
                t.Converged += r.Converged ? 1 : 0;
                t.Reinitializations += r.Reinitializations;
                t.WonByStallRestart += r.ReachedTarget && r.Restart >= restarts ? 1 : 0;
                t.CutShort += r.CutShort ? 1 : 0;
                if (r.ReachedTarget)
                {
                    t.ReachedSeconds.Add(r.Seconds);
                    t.ReachedSteps.Add(r.TotalSteps);
                }

                if (!r.Failed)
                {
                    t.Finite++;
                    t.Mse += r.Mse;
                    t.Mae += r.Mae;
                    t.Psnr += r.Psnr;
                    t.Loss += r.Loss;
                }
            }

            return t;
        }

        public double Mean(double sum) => Finite == 0 ? double.NaN : sum / Finite;
    }
}
