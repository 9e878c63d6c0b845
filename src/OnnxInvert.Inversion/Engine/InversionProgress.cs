namespace OnnxInvert.Inversion.Engine;

/// <summary>A snapshot of a running inversion, reported after every batch iteration.</summary>
/// <param name="Iteration">Runtime calls so far.</param>
/// <param name="CompletedImages">Images whose every restart has finished.</param>
/// <param name="TotalImages">Images to invert.</param>
/// <param name="ActiveSamples">Samples being optimised now.</param>
/// <param name="MeanLoss">The mean reconstruction loss of the samples being optimised (NaN when none).</param>
/// <param name="SampleSteps">Sample updates done so far (every sample, restart and re-initialisation).</param>
/// <param name="PlannedSampleSteps">Sample updates planned without early convergence: images × restarts × steps.</param>
/// <param name="Reinitializations">NaN/Inf re-initialisations so far.</param>
/// <param name="Elapsed">Time since the inversion started.</param>
public readonly record struct InversionProgress(
    long Iteration,
    int CompletedImages,
    int TotalImages,
    int ActiveSamples,
    double MeanLoss,
    long SampleSteps,
    long PlannedSampleSteps,
    int Reinitializations,
    TimeSpan Elapsed)
{
    /// <summary>The estimated time left, from the rate of sample updates so far (null before the first update).</summary>
    public TimeSpan? Remaining => SampleSteps == 0 ? null
        : TimeSpan.FromSeconds(Elapsed.TotalSeconds * Math.Max(0, PlannedSampleSteps - SampleSteps) / SampleSteps);
}
