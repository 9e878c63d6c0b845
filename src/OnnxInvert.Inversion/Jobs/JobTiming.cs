namespace OnnxInvert.Inversion.Jobs;

/// <summary>How long a job took and how much it ran.</summary>
/// <param name="TotalSeconds">Seconds over all runs on the folder (this run's alone without a folder).</param>
/// <param name="RunSeconds">Seconds of this run's optimisation loop.</param>
/// <param name="Iterations">Runtime calls over all runs.</param>
/// <param name="SampleSteps">Sample updates over all runs.</param>
/// <param name="RunIterations">Runtime calls of this run.</param>
/// <param name="RunSampleSteps">Sample updates of this run.</param>
public sealed record JobTiming(double TotalSeconds, double RunSeconds, long Iterations, long SampleSteps, long RunIterations, long RunSampleSteps)
{
    /// <summary>Seconds per runtime call in this run (0 when it ran none).</summary>
    public double SecondsPerStep => RunIterations == 0 ? 0 : RunSeconds / RunIterations;

    /// <summary>Seconds per sample update in this run (0 when it ran none).</summary>
    public double SecondsPerSampleStep => RunSampleSteps == 0 ? 0 : RunSeconds / RunSampleSteps;
}
