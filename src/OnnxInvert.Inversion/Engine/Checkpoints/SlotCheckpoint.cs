using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Engine.Checkpoints;

/// <summary>
/// One job (image × restart) in a batch slot between two steps: everything its next step reads. The loss, gradient and
/// penalty are not kept: the next step computes them again from the latents.
/// </summary>
/// <param name="Index">The image's index (as in <see cref="InversionTargets.Indices"/>).</param>
/// <param name="Restart">The restart (0-based; stall restarts after the planned ones).</param>
/// <param name="Steps">Updates since the job's last (re)start.</param>
/// <param name="Stale">Consecutive steps without enough improvement.</param>
/// <param name="Best">The best objective since the last (re)start (+∞ before the first step).</param>
/// <param name="Reinitialized">Re-initialisations of this job so far.</param>
/// <param name="Frozen">Finished but kept in its coupled batch until the batch finishes.</param>
/// <param name="Converged">Whether a frozen job converged.</param>
/// <param name="ReachedTarget">Whether a frozen job reached the target MSE.</param>
/// <param name="Draws">Doubles drawn from the job's random stream (<see cref="CountingRandom"/>).</param>
/// <param name="Latents">Every latent's values, in the generator's order.</param>
/// <param name="Optimizers">Every latent's optimiser state, in the same order.</param>
internal sealed record SlotCheckpoint(
    int Index,
    int Restart,
    int Steps,
    int Stale,
    double Best,
    int Reinitialized,
    bool Frozen,
    bool Converged,
    bool ReachedTarget,
    long Draws,
    float[][] Latents,
    OptimizerSlotState[] Optimizers);
