namespace OnnxInvert.Inversion.Constraints;

/// <summary>
/// The StyleGAN2 projector's treatment of noise-map latents (Karras et al. 2020, NVIDIA's projector.py): a penalty on
/// the maps' spatial autocorrelation at several scales, and the per-step renormalisation of every map to zero mean and
/// unit variance. Applies to the latents named in <see cref="Latents"/> (each shaped [batch, C, H, W] or [batch, H, W]).
/// </summary>
/// <param name="Latents">The noise-map latents it applies to.</param>
/// <param name="Weight">The penalty's weight; NVIDIA's default is 1e5.</param>
/// <param name="Renormalize">Whether every map is brought back to zero mean and unit variance after each update.</param>
public sealed record NoiseRegularization(IReadOnlyList<string> Latents, double Weight = NoiseRegularization.DefaultWeight, bool Renormalize = true)
{
    /// <summary>NVIDIA's <c>regularize_noise_weight</c>.</summary>
    public const double DefaultWeight = 1e5;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">No latent is named, a name repeats or is empty, or the weight is negative or not finite.</exception>
    public void Validate()
    {
        if (Latents.Count == 0 || Latents.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("noise regularisation needs the names of the noise-map latents it applies to", nameof(Latents));
        }

        if (Latents.Distinct(StringComparer.Ordinal).Count() != Latents.Count)
        {
            throw new ArgumentException($"the noise latents repeat a name ({string.Join(", ", Latents)})", nameof(Latents));
        }

        if (!double.IsFinite(Weight) || Weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Weight), Weight, "the noise regularisation weight must be a finite number of 0 or more");
        }
    }
}
