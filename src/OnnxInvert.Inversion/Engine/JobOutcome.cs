namespace OnnxInvert.Inversion.Engine;

/// <summary>How one restart of one image ended; <paramref name="Latents"/> holds every latent in the generator's order.</summary>
internal sealed record JobOutcome(int Restart, float[][] Latents, float[] Image, float Loss, float Penalty, int Steps, bool Converged)
{
    /// <summary>Whether this outcome beats <paramref name="other"/> (a lower finite loss; NaN loses).</summary>
    public bool Beats(JobOutcome? other) =>
        other is null || (float.IsFinite(Loss) && (!float.IsFinite(other.Loss) || Loss < other.Loss));
}
