namespace OnnxInvert.Autodiff.Checking;

/// <summary>The outcome of a finite-difference check of a VJP graph.</summary>
public sealed record GradientCheckReport
{
    /// <summary>"float64" or "float32".</summary>
    public required string Precision { get; init; }

    /// <summary>Why float32 was used when float64 was preferred (the op without a float64 kernel), or null.</summary>
    public string? PrecisionNote { get; init; }

    /// <summary>One result per latent.</summary>
    public required IReadOnlyList<LatentCheck> Latents { get; init; }

    /// <summary>The largest relative error over all latents and directions.</summary>
    public double MaxRelativeError => Latents.Count == 0 ? 0 : Latents.Max(l => l.RelativeError);

    /// <summary>The worst direction's numbers for one latent.</summary>
    /// <param name="Latent">The latent input.</param>
    /// <param name="RelativeError">|numeric − analytic| / max(|numeric|, |analytic|) for the worst direction.</param>
    /// <param name="Analytic">⟨vᵀJ, u⟩ from the VJP graph.</param>
    /// <param name="Numeric">The central difference of ⟨v, G(z + h·u)⟩.</param>
    /// <param name="Step">The step h that gave the best agreement.</param>
    public sealed record LatentCheck(string Latent, double RelativeError, double Analytic, double Numeric, double Step);
}
