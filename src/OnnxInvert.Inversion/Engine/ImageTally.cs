using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine;

/// <summary>What <see cref="InversionRun"/> tracks about one image taken from the feed, across its restarts.</summary>
internal sealed class ImageTally(FeedTarget target, int position, ReadOnlyMemory<float>[] starts, ConditionRows?[] conditions, int planned)
{
    /// <summary>The image as the feed gave it.</summary>
    public FeedTarget Target { get; } = target;

    /// <summary>The order it was taken in (0 for the first): its row in options' per-image values.</summary>
    public int Position { get; } = position;

    /// <summary>Each latent's first-attempt start (empty: a prior draw).</summary>
    public ReadOnlyMemory<float>[] Starts { get; } = starts;

    /// <summary>The image's own rows per condition input (null: the options' rows).</summary>
    public ConditionRows?[] Conditions { get; } = conditions;

    /// <summary>The best finished restart so far.</summary>
    public JobOutcome? Best { get; set; }

    /// <summary>Restarts finished.</summary>
    public int Finished { get; set; }

    /// <summary>Re-initialisations over the finished restarts.</summary>
    public int Reinitializations { get; set; }

    /// <summary>Restarts planned so far: the options' restarts plus the stall restarts added.</summary>
    public int Planned { get; set; } = planned;

    /// <summary>Updates over the finished restarts.</summary>
    public int Steps { get; set; }

    /// <summary>Slots optimising one of its restarts now (not frozen).</summary>
    public int Running { get; set; }

    /// <summary>Whether the image's result has been given out or dropped (later jobs of it are skipped).</summary>
    public bool Done { get; set; }

    /// <summary>The latents its next stall restart continues from (null: a fresh draw), <see cref="InversionOptions.ContinueRate"/>.</summary>
    public float[][]? ContinueFrom { get; set; }

    /// <summary>The learning-rate factor of its next continued run (the continue rate to the power of continuations so far).</summary>
    public double ContinueFactor { get; set; } = 1;

    /// <summary>Whether the image was withdrawn and leaves at the next step.</summary>
    public bool Withdrawn { get; set; }

    /// <summary>Whether a withdrawn image yields a result from its best state so far (else it is dropped).</summary>
    public bool KeepBest { get; set; }
}
