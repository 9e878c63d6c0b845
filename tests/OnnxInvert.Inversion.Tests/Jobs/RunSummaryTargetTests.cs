using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>summary.json's target counts (reached_target, when, won_by_stall_restart) and the time budget's fields, on small jobs.</summary>
public sealed class RunSummaryTargetTests : IDisposable
{
    private const int Images = 6;
    private const double Target = 1e-5;

    private readonly TempFolder _temp = new();
    private readonly string _model;
    private readonly string _images;

    public RunSummaryTargetTests()
    {
        _model = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        using var generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        var random = new Random(11);
        float[] latents = [.. Enumerable.Range(0, Images * generator.LatentSize).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))];
        _images = _temp.File("targets.npy");
        NpyFile.Write(_images, NpyArray.Create<float>(generator.Generate(latents, Images).Images, [Images, 1, 2, 2]));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ImagesThatNeverReachTheTarget_AreNotCountedAsWonByAStallRestart()
    {
        // 4 steps reach no target: every image runs 1 + 2 stall restarts and keeps its best, often a stall restart's.
        var (rows, summary) = Run(steps: 4, stallRestarts: 2);

        Assert.All(rows, r => Assert.False(r.ReachedTarget));
        Assert.Contains(rows, r => r.Restart >= 1); // the rows the old count took for wins
        Assert.Equal(0, summary["reached_target"]);
        Assert.Equal(0, summary["won_by_stall_restart"]);
        Assert.Null(summary["reached_target_seconds"]);
        Assert.False(summary.ContainsKey("time_budget_seconds"));
    }

    [Fact]
    public void Counts_MatchTheRows_WhenSomeImagesNeedAStallRestart()
    {
        // Few steps: some images reach the target in their first run, some in a stall restart, maybe some never.
        var (rows, summary) = Run(steps: 60, stallRestarts: 3);

        var reached = rows.Where(r => r.ReachedTarget).ToArray();
        Assert.NotEmpty(reached);
        Assert.Equal(reached.Length, summary["reached_target"]);
        Assert.Equal((double)reached.Length / Images, summary["reached_target_fraction"]);
        Assert.Equal(reached.Count(r => r.Restart >= 1), summary["won_by_stall_restart"]);
        double[] seconds = [.. reached.Select(r => r.Seconds).Order()];
        int[] steps = [.. reached.Select(r => r.TotalSteps).Order()];
        var when = Assert.IsType<Dictionary<string, double>>(summary["reached_target_seconds"]);
        Assert.Equal(seconds[seconds.Length / 2], when["median"]);
        Assert.Equal(seconds[^1], when["max"]);
        var updates = Assert.IsType<Dictionary<string, int>>(summary["reached_target_steps"]);
        Assert.Equal(steps[steps.Length / 2], updates["median"]);
        Assert.Equal(steps[^1], updates["max"]);
        Assert.Equal(3, summary["stall_restarts"]);
    }

    [Fact]
    public void Budget_IsReported_WithTheImagesItCutShort()
    {
        var (rows, summary) = Run(steps: 4, stallRestarts: InversionOptions.UntilBudget, budget: TimeSpan.FromSeconds(0.5));

        // 4 steps rarely reach the target, and an image that does (a lucky draw, in some stall restart) finishes then;
        // the others are stopped by the budget.
        Assert.Equal(Images, rows.Count);
        Assert.All(rows, r => Assert.NotEqual(r.ReachedTarget, r.CutShort));
        Assert.Contains(rows, r => r.CutShort);
        Assert.Equal(0.5, summary["time_budget_seconds"]);
        Assert.Equal(rows.Count(r => r.CutShort), summary["cut_short"]);
        Assert.Equal("until the budget", summary["stall_restarts"]);
        Assert.Equal(rows.Count(r => r.ReachedTarget && r.Restart >= 1), summary["won_by_stall_restart"]);
    }

    private (IReadOnlyList<ResultRow> Rows, IReadOnlyDictionary<string, object?> Summary) Run(int steps, int stallRestarts, TimeSpan? budget = null)
    {
        using var generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        using var inverter = Inverter.Create(generator, new InversionOptions
        {
            Steps = steps,
            BatchSize = 4,
            Seed = 3,
            TargetMse = Target,
            StallRestarts = stallRestarts,
            TimeBudget = budget,
            Loss = LossKind.Mse,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            Schedule = LearningRateSchedule.Constant,
        });
        var targets = TargetSource.Open(_images, new TargetFormat(inverter.ImageShape, generator.OutputRange));
        var outcome = new InversionJob { Generator = generator, Inverter = inverter, Targets = targets }.Run();
        return (outcome.Rows, outcome.Summary);
    }
}
