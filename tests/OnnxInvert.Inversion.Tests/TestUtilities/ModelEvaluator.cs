using System.Diagnostics;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// Scores a generator by how well inversion reconstructs held-out images (Creswell &amp; Bharath: a lower error on
/// held-out data means fewer dropped modes and less over-fitting), for tests of the scores; the CLI scores models through
/// the job layer (compare). Run it on several models with the same options
/// and targets to compare them.
/// </summary>
internal static class ModelEvaluator
{
    /// <summary>Inverts every target with <paramref name="options"/> and summarises the per-image errors.</summary>
    /// <exception cref="ArgumentException">The targets do not fit the generator, or no image reached a finite loss.</exception>
    public static async Task<ModelScore> ScoreAsync(
        Generator generator,
        InversionTargets targets,
        InversionOptions options,
        IProgress<InversionProgress>? progress = null,
        double level = 0.95,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var clock = Stopwatch.StartNew();
        using var inverter = Inverter.Create(generator, options);
        var results = new List<InversionResult>(targets.Count);
        await foreach (var result in inverter.InvertAsync(targets, progress, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return ModelScore.Of(generator.Path, results, clock.Elapsed.TotalSeconds, level);
    }
}
