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
    /// <summary>
    /// Bytes the run has moved between host and session (device) memory so far: with the device-resident path the
    /// latents up and the gradients and losses down each step, plus the rows copied when targets enter slots or
    /// images are read; with the plain path on CUDA every bound buffer of every step; zero on the CPU's plain path.
    /// Divide the change between two reports by the change in <see cref="Iteration"/> for bytes per step.
    /// </summary>
    public Runtime.HostDeviceTransfers Transfers { get; init; }

    /// <summary>The estimated time left, from the rate of sample updates so far (null before the first update).</summary>
    public TimeSpan? Remaining => SampleSteps == 0 ? null
        : TimeSpan.FromSeconds(Elapsed.TotalSeconds * Math.Max(0, PlannedSampleSteps - SampleSteps) / SampleSteps);
}
