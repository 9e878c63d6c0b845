namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// What <see cref="InversionRun"/> tracks about the job in one batch slot (beside the slot's rows in the buffers and
/// optimisers). A slot moves by swapping its state object, so a new field needs only a declaration here.
/// </summary>
internal sealed class SlotState
{
    /// <summary>The job's image, or null when the slot holds no job.</summary>
    public ImageTally? Image { get; set; }

    /// <summary>The job's restart (0-based; stall restarts come after the planned ones).</summary>
    public int Restart { get; set; }

    /// <summary>Whether the job stopped because its MSE reached the target.</summary>
    public bool ReachedTarget { get; set; }

    /// <summary>Whether the slot holds a job whose latents are live (counted by batch penalties).</summary>
    public bool Occupied { get; set; }

    /// <summary>Finished but kept in place until its coupled batch finishes.</summary>
    public bool Frozen { get; set; }

    public bool Converged { get; set; }

    /// <summary>Updates since the last (re)start.</summary>
    public int Steps { get; set; }

    /// <summary>Consecutive steps without enough improvement.</summary>
    public int Stale { get; set; }

    public int Reinitialized { get; set; }

    /// <summary>The best objective so far.</summary>
    public double Best { get; set; }

    /// <summary>The prior penalty of every latent at the last step, summed.</summary>
    public float Penalty { get; set; }

    /// <summary>The reconstruction MSE at the last step (measured only with a target MSE).</summary>
    public double Mse { get; set; } = double.NaN;

    /// <summary>The reconstruction MSE at the run's midpoint step (NaN before it; measured only with a target MSE).</summary>
    public double MidpointMse { get; set; } = double.NaN;

    /// <summary>The factor on the learning rate of this job (below 1 for a continued run, <see cref="InversionOptions.ContinueRate"/>).</summary>
    public double RateFactor { get; set; } = 1;

    /// <summary>The job's own random stream.</summary>
    public Checkpoints.CountingRandom? Random { get; set; }

    /// <summary>Marks the slot empty.</summary>
    public void Vacate()
    {
        Image = null;
        Occupied = false;
        Random = null;
    }
}
