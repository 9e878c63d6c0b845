using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine.Starts;
using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Engine;

/// <summary>One latent during a run: its buffer, prior, constraint, optimiser state, penalty scratch and starting values.</summary>
internal sealed class RunLatent
{
    public RunLatent(LatentBuffer buffer, LatentPlan plan, OptimizerSettings optimizer, int capacity, StartValues? start)
    {
        Buffer = buffer;
        Plan = plan;
        Optimizer = LatentOptimizer.Create(optimizer, capacity, buffer.Size);
        Penalties = new float[capacity];
        Start = start;
    }

    public LatentBuffer Buffer { get; }

    public LatentPlan Plan { get; }

    public Priors.Prior Prior => Plan.Latent.Prior;

    public LatentConstraint Constraint => Plan.Constraint;

    public LatentOptimizer Optimizer { get; }

    /// <summary>Each slot's penalty on this latent at the last step.</summary>
    public float[] Penalties { get; }

    /// <summary>The first-attempt start of every target, or null for a prior draw.</summary>
    public StartValues? Start { get; }
}
