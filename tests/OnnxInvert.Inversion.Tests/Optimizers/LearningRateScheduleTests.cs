using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Optimizers;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(9, 10)]
    [InlineData(0, 1)]
    public void Constant_IsOneAtEveryStep(int step, int steps)
    {
        Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(step, steps));
        Assert.Equal("constant", LearningRateSchedule.Constant.ToString());
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(10, 0.5)]
    [InlineData(20, 1.0)]
    [InlineData(100, 1.0)]
    [InlineData(200, 1.0)]
    [InlineData(300, 1.0)]
    [InlineData(350, 0.5)]
    [InlineData(400, 0.0)]
    public void Ramp_WarmsUpLinearly_HoldsOne_AndRampsDownAlongACosine(int step, double expected)
    {
        // 400 steps, warm-up 0.05 (20 steps), ramp-down 0.25 (the last 100 steps; halfway at step 350 the cosine is ½).
        var schedule = new RampSchedule(0.05, 0.25);

        Assert.Equal(expected, schedule.Factor(step, 400), 12);
    }

    [Theory]
    [InlineData(0.05, 0.25)]
    [InlineData(0.1, 0.5)]
    [InlineData(1.0, 1.0)]
    public void Ramp_MatchesTheStyleGan2ProjectorFormulaAtEveryStep(double up, double down)
    {
        var schedule = new RampSchedule(up, down);
        const int Steps = 137;

        for (int step = 0; step <= Steps; step++)
        {
            Assert.Equal(ProjectorFactor(step, Steps, up, down), schedule.Factor(step, Steps), 12);
        }
    }

    [Fact]
    public void Ramp_MatchesTheRecordedReferenceFactors()
    {
        var reference = OptimizerTrajectories.Root.GetProperty("ramp_schedule");
        int steps = reference.GetProperty("steps").GetInt32();
        var schedule = new RampSchedule(reference.GetProperty("up").GetDouble(), reference.GetProperty("down").GetDouble());
        var factors = reference.GetProperty("factors").EnumerateArray().Select(p => (Step: p[0].GetInt32(), Factor: p[1].GetDouble())).ToArray();

        Assert.NotEmpty(factors);
        foreach (var (step, factor) in factors)
        {
            Assert.Equal(factor, schedule.Factor(step, steps), 12);
        }
    }

    [Fact]
    public void Ramp_DefaultsAreStyleGan2s_AndTheTextFormRoundTrips()
    {
        var schedule = new RampSchedule();

        Assert.Equal(0.05, schedule.RampUp);
        Assert.Equal(0.25, schedule.RampDown);
        Assert.Equal("ramp:0.05,0.25", schedule.ToString());
    }

    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(0.05, 0)]
    [InlineData(-0.1, 0.25)]
    [InlineData(0.05, 1.5)]
    [InlineData(double.NaN, 0.25)]
    public void Ramp_FractionOutsideZeroOne_Throws(double up, double down)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RampSchedule(up, down));
    }

    [Fact]
    public void Ramp_ZeroSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RampSchedule().Factor(0, 0));
    }

    /// <summary>NVIDIA's stylegan2 projector.py, written out independently.</summary>
    private static double ProjectorFactor(int step, int steps, double rampUp, double rampDown)
    {
        double t = (double)step / steps;
        double lrRamp = Math.Min(1.0, (1.0 - t) / rampDown);
        lrRamp = 0.5 - (0.5 * Math.Cos(lrRamp * Math.PI));
        lrRamp *= Math.Min(1.0, t / rampUp);
        return lrRamp;
    }
}
