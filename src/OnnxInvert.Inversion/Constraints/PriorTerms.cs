namespace OnnxInvert.Inversion.Constraints;

/// <summary>The weights of the Gaussian prior penalties: γ₁, γ₂ and the moments' scope for moment matching, β for −β·log P(z).</summary>
/// <param name="Gamma1">Weight of (µ − µ̂)²; the paper uses 1.</param>
/// <param name="Gamma2">Weight of (σ − σ̂)²; the paper uses 1.</param>
/// <param name="Beta">Weight of −log P(z); the journal paper uses 0.01.</param>
/// <param name="Scope">Where µ̂ and σ̂ are estimated.</param>
public sealed record PriorTerms(double Gamma1 = 1, double Gamma2 = 1, double Beta = 0.01, MomentScope Scope = MomentScope.Sample)
{
    /// <summary>Checks the weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite, or the scope is undefined.</exception>
    public void Validate()
    {
        foreach (var (value, name) in new[] { (Gamma1, nameof(Gamma1)), (Gamma2, nameof(Gamma2)), (Beta, nameof(Beta)) })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of 0 or more.");
            }
        }

        if (!Enum.IsDefined(Scope))
        {
            throw new ArgumentOutOfRangeException(nameof(Scope), Scope, "The scope must be Sample or Batch.");
        }
    }
}
