namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// The schedule of NVIDIA's StyleGAN2 projector: with t = step/steps, a linear warm-up over the first
/// <see cref="RampUp"/> of the run and a cosine ramp-down over the last <see cref="RampDown"/>:
/// factor = min(1, t/up) · (½ − ½cos(π·min(1, (1 − t)/down))).
/// </summary>
public sealed class RampSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; StyleGAN2 uses 0.05 and 0.25.</summary>
    /// <param name="rampUp">Fraction of the run spent warming up, in (0, 1].</param>
    /// <param name="rampDown">Fraction of the run spent ramping down, in (0, 1].</param>
    public RampSchedule(double rampUp = 0.05, double rampDown = 0.25)
    {
        if (!(rampUp is > 0 and <= 1) || !(rampDown is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rampUp), $"ramp fractions must be in (0, 1]; got up {rampUp}, down {rampDown}");
        }

        RampUp = rampUp;
        RampDown = rampDown;
    }

    /// <summary>The warm-up fraction.</summary>
    public double RampUp { get; }

    /// <summary>The ramp-down fraction.</summary>
    public double RampDown { get; }

    /// <inheritdoc />
    public override double Factor(int step, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        double t = (double)step / steps;
        double down = Math.Min(1.0, (1.0 - t) / RampDown);
        down = 0.5 - (0.5 * Math.Cos(down * Math.PI));
        return down * Math.Min(1.0, t / RampUp);
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"ramp:{RampUp},{RampDown}");
}
