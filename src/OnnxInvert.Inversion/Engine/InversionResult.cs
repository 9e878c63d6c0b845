namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The inversion of one image: the latent found (from the restart with the lowest final loss), its reconstruction
/// G(z), and how good it is. <see cref="Mse"/>, <see cref="Mae"/> and <see cref="Psnr"/> are measured with pixel
/// values mapped from the generator's output range to [0, 1].
/// </summary>
public sealed record InversionResult
{
    /// <summary>The image's index (<see cref="FeedTarget.Index"/>, <see cref="InversionTargets.Indices"/>).</summary>
    public required int Index { get; init; }

    /// <summary>The image's source name.</summary>
    public required string Source { get; init; }

    /// <summary>The (first) latent z*, flattened.</summary>
    public required float[] Latent { get; init; }

    /// <summary>
    /// Every latent z* by input name, flattened (the first is also <see cref="Latent"/>); the inverter fills it,
    /// results made by hand may leave it empty.
    /// </summary>
    public IReadOnlyDictionary<string, float[]> Latents { get; init; } = new Dictionary<string, float[]>();

    /// <summary>G(z*) in the generator's output range, flattened.</summary>
    public required float[] Reconstruction { get; init; }

    /// <summary>The reconstruction loss at z* (NaN when every attempt failed).</summary>
    public required float Loss { get; init; }

    /// <summary>The prior penalty at z* (0 without a Gaussian penalty).</summary>
    public required float Penalty { get; init; }

    /// <summary>Mean squared error against the target, in [0, 1] units.</summary>
    public required double Mse { get; init; }

    /// <summary>Mean absolute error against the target, in [0, 1] units.</summary>
    public required double Mae { get; init; }

    /// <summary>Peak signal-to-noise ratio in dB, 10·log₁₀(1/MSE) (capped at 100 dB).</summary>
    public required double Psnr { get; init; }

    /// <summary>Updates the winning restart took.</summary>
    public required int Steps { get; init; }

    /// <summary>Whether the winning restart met the convergence tolerance before the step limit.</summary>
    public required bool Converged { get; init; }

    /// <summary>The winning restart (0-based).</summary>
    public required int Restart { get; init; }

    /// <summary>Re-initialisations after a NaN or infinite loss, over every restart of this image.</summary>
    public required int Reinitializations { get; init; }

    /// <summary>Whether the image's MSE reached <see cref="InversionOptions.TargetMse"/> (false when no target was set).</summary>
    public bool ReachedTarget { get; init; }

    /// <summary>Updates over every restart this image ran, up to the one that ended it.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Seconds from the start of the run to the moment this image finished (reached the target or gave up).</summary>
    public double Seconds { get; init; }

    /// <summary>
    /// Whether the image was withdrawn before it finished (<see cref="ActiveInversion.Withdraw"/> keeping its best):
    /// the result is the best state reached so far, a finished restart or the latents of the running one.
    /// </summary>
    public bool CutShort { get; init; }

    /// <summary>The caller's object from <see cref="FeedTarget.Tag"/> (null for <see cref="InversionTargets"/>).</summary>
    public object? Tag { get; init; }

    /// <summary>True when every restart ended with a non-finite loss.</summary>
    public bool Failed => !float.IsFinite(Loss);
}
