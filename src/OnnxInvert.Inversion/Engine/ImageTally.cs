namespace OnnxInvert.Inversion.Engine;

/// <summary>What <see cref="InversionRun"/> tracks about one image across its restarts.</summary>
internal struct ImageTally
{
    /// <summary>The best finished restart so far.</summary>
    public JobOutcome? Best;

    /// <summary>Restarts finished.</summary>
    public int Finished;

    /// <summary>Re-initialisations over the finished restarts.</summary>
    public int Reinitializations;
}
