using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine.Starts;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Settings of one latent (<see cref="InversionOptions.Latents"/>); each one left null falls back to the option of the
/// same name on <see cref="InversionOptions"/> (and the prior then to the generator's).
/// </summary>
public sealed record LatentSettings
{
    /// <summary>The prior to use instead of <see cref="InversionOptions.Prior"/> / the generator's.</summary>
    public Prior? Prior { get; init; }

    /// <summary>How the prior constrains this latent, instead of <see cref="InversionOptions.PriorHandling"/>.</summary>
    public PriorHandling? PriorHandling
    {
        get;
        init => field = value is null || Enum.IsDefined(value.Value) ? value : throw new ArgumentOutOfRangeException(nameof(PriorHandling), value, "Unknown prior handling.");
    }

    /// <summary>Where this latent starts, instead of <see cref="InversionOptions.Start"/>.</summary>
    public LatentStart? Start { get; init; }
}
