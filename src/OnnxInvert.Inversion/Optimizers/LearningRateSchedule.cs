namespace OnnxInvert.Inversion.Optimizers;

/// <summary>The learning rate of a sample's update <c>step</c> (0-based) of <c>steps</c>, as a multiple of the base rate.</summary>
public abstract class LearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <summary>The constant schedule: every step uses the base rate.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The factor applied to the base learning rate at <paramref name="step"/> of <paramref name="steps"/>.</summary>
    public abstract double Factor(int step, int steps);

    /// <summary>The text form: "constant" or "ramp:UP,DOWN".</summary>
    public abstract override string ToString();
}
