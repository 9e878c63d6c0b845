namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// Everything an optimiser keeps for one slot (one sample), taken out with <see cref="LatentOptimizer.ExportSlot"/>
/// and put back with <see cref="LatentOptimizer.ImportSlot"/>, so an optimisation stopped between steps continues
/// exactly where it was (a preemption checkpoint).
/// </summary>
/// <param name="Kind">The update rule the state belongs to.</param>
/// <param name="StepCount">Updates taken since the slot's last reset (Adam's bias correction, SGD's first momentum step).</param>
/// <param name="Buffers">The rule's state buffers, each <see cref="LatentOptimizer.Size"/> values: Adam m and v; RMSprop
/// square average, gradient average and momentum buffer; SGD momentum buffer.</param>
public sealed record OptimizerSlotState(OptimizerKind Kind, int StepCount, float[][] Buffers);
