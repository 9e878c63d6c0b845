namespace OnnxInvert.Inversion.Optimizers;

/// <summary>The update rule applied to the latents.</summary>
public enum OptimizerKind
{
    /// <summary>torch.optim.RMSprop (the journal paper's choice, learning rate 0.01).</summary>
    RmsProp,

    /// <summary>torch.optim.Adam.</summary>
    Adam,

    /// <summary>torch.optim.SGD, with momentum when <see cref="OptimizerSettings.Momentum"/> is positive.</summary>
    Sgd,
}
