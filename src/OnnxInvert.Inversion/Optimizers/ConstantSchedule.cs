namespace OnnxInvert.Inversion.Optimizers;

/// <summary>The base learning rate at every step.</summary>
internal sealed class ConstantSchedule : LearningRateSchedule
{
    public override double Factor(int step, int steps) => 1.0;

    public override string ToString() => "constant";
}
