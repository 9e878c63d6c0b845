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

    /// <summary>Restarts planned so far: the options' restarts plus the stall restarts added.</summary>
    public int Planned;

    /// <summary>Updates over the finished restarts.</summary>
    public int Steps;

    /// <summary>Whether the image's result has been given out (later jobs of it are skipped).</summary>
    public bool Done;
}
