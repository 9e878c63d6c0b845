namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// Hyper-parameters of the latent optimiser, named and defaulted as in torch.optim: RMSprop alpha 0.99, eps 1e-8;
/// Adam betas (0.9, 0.999), eps 1e-8; no momentum, weight decay, centring or Nesterov unless set. Every value is
/// checked when it is set.
/// </summary>
public sealed record OptimizerSettings
{
    /// <summary>The update rule; <see cref="OptimizerKind.RmsProp"/> by default.</summary>
    public OptimizerKind Kind
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Kind), value, "The optimizer must be RmsProp, Adam or Sgd.");
    }

    /// <summary>The base learning rate (before the schedule); 0.01 by default.</summary>
    public double LearningRate { get; init => field = Positive(value, nameof(LearningRate)); } = 0.01;

    /// <summary>RMSprop's smoothing constant α; 0.99 by default.</summary>
    public double Alpha { get; init => field = UnitInterval(value, nameof(Alpha)); } = 0.99;

    /// <summary>Adam's β₁; 0.9 by default.</summary>
    public double Beta1 { get; init => field = UnitInterval(value, nameof(Beta1)); } = 0.9;

    /// <summary>Adam's β₂; 0.999 by default.</summary>
    public double Beta2 { get; init => field = UnitInterval(value, nameof(Beta2)); } = 0.999;

    /// <summary>The term added to denominators (RMSprop, Adam); 1e-8 by default.</summary>
    public double Epsilon { get; init => field = Positive(value, nameof(Epsilon)); } = 1e-8;

    /// <summary>Momentum (RMSprop, SGD); 0 by default.</summary>
    public double Momentum { get; init => field = UnitInterval(value, nameof(Momentum)); }

    /// <summary>SGD's dampening of the momentum buffer; 0 by default.</summary>
    public double Dampening { get; init => field = UnitInterval(value, nameof(Dampening)); }

    /// <summary>SGD's Nesterov momentum (needs momentum and no dampening); off by default.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Centred RMSprop (normalise by the gradient's estimated variance); off by default.</summary>
    public bool Centered { get; init; }

    /// <summary>L2 penalty added to the gradient as <c>grad + weight_decay · z</c>; 0 by default.</summary>
    public double WeightDecay
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(WeightDecay));
            field = double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(WeightDecay), value, "Weight decay must be finite.");
        }
    }

    /// <summary>Checks combinations of settings that are valid one by one.</summary>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum or with dampening.</exception>
    public void Validate()
    {
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening (as torch.optim.SGD).");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        OptimizerKind.Adam => FormattableString.Invariant($"adam(lr={LearningRate}, betas=({Beta1}, {Beta2}), eps={Epsilon})"),
        OptimizerKind.Sgd => FormattableString.Invariant($"sgd(lr={LearningRate}, momentum={Momentum}{(Nesterov ? ", nesterov" : string.Empty)})"),
        _ => FormattableString.Invariant($"rmsprop(lr={LearningRate}, alpha={Alpha}, eps={Epsilon}{(Momentum > 0 ? $", momentum={Momentum}" : string.Empty)}{(Centered ? ", centered" : string.Empty)})"),
    };

    private static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number above 0.");

    private static double UnitInterval(double value, string name) =>
        value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
}
