using System.Diagnostics;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>An inversion stepped by its driver over a feed that delivers targets as it pleases (<see cref="Inverter.Start"/>).</summary>
public sealed class ActiveInversionTests
{
    private static readonly Func<float, float, bool> Close = (a, b) => Math.Abs(a - b) <= 1e-5f;

    [Fact]
    public async Task LateFeed_GivesTheSameResultsAsAllTargetsAtOnce()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(7, seed: 4), 7);
        using var inverter = tiny.Create(Options(batch: 3, restarts: 2));
        var reference = await TinyInversion.Collect(inverter, targets);

        var feed = new ScriptedFeed();
        var results = new List<InversionResult>();
        using (var run = inverter.Start(feed))
        {
            // Nothing ready for a while, then one image, later the rest in two bunches, while the others run.
            for (int i = 0; i < 3; i++)
            {
                run.Step();
            }

            Assert.True(run.IsIdle);
            Assert.False(run.IsDone);
            Assert.Equal(0, run.Progress.Iteration);
            feed.Add(ScriptedFeed.From(targets, 0));
            for (int step = 0; !run.IsDone; step++)
            {
                if (step == 5)
                {
                    for (int p = 1; p < 4; p++)
                    {
                        feed.Add(ScriptedFeed.From(targets, p));
                    }
                }

                if (step == 17)
                {
                    for (int p = 4; p < 7; p++)
                    {
                        feed.Add(ScriptedFeed.From(targets, p));
                    }

                    feed.Close();
                }

                run.Step();
                Assert.InRange(run.BusySlots, 0, 3);
                while (run.Completed.TryDequeue(out var result))
                {
                    results.Add(result);
                }
            }
        }

        Assert.Equal(7, feed.Takes);
        Assert.Equal(Enumerable.Range(0, 7), results.Select(r => r.Index).Order());
        foreach (var result in results)
        {
            var expected = reference.Single(r => r.Index == result.Index);
            Assert.Equal(expected.Source, result.Source);
            Assert.Equal(expected.Restart, result.Restart);
            Assert.Equal(expected.Steps, result.Steps);
            Assert.Equal(expected.Latent, result.Latent, Close);
            Assert.Equal(expected.Loss, result.Loss, 5);
            Assert.False(result.CutShort);
        }
    }

    [Fact]
    public void SameImage_WithOtherBatchMatesAndBatchSizes_GivesTheSameLatent()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(6, seed: 5), 6, indices: [40, 41, 42, 43, 44, 45]);
        using var one = tiny.Create(Options(batch: 1, restarts: 1));
        using var four = tiny.Create(Options(batch: 4, restarts: 1));

        var alone = RunAll(one, [ScriptedFeed.From(targets, 2)]);
        var mixed = RunAll(four, [.. new[] { 5, 0, 2, 4, 1 }.Select(p => ScriptedFeed.From(targets, p))]);

        var a = alone.Single();
        var b = mixed.Single(r => r.Index == 42);
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(a.Latent, b.Latent, Close);
        Assert.Equal(a.Loss, b.Loss, 5);
    }

    [Fact]
    public void Withdraw_KeepingBest_GivesTheStateReachedSoFar_CutShort()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(3, seed: 6), 3);
        using var inverter = tiny.Create(Options(batch: 3, restarts: 1, steps: 50));
        var feed = new ScriptedFeed();
        for (int p = 0; p < 3; p++)
        {
            feed.Add(ScriptedFeed.From(targets, p, tag: $"job{p}"));
        }

        feed.Close();
        var results = new List<InversionResult>();
        using (var run = inverter.Start(feed))
        {
            for (int i = 0; i < 10; i++)
            {
                run.Step();
            }

            Assert.Empty(run.Completed);
            run.Withdraw(t => (string?)t.Tag == "job1", keepBest: true);
            run.Step();
            var cut = Assert.Single(run.Completed);
            Assert.Equal(1, cut.Index);
            Assert.Equal("job1", cut.Tag);
            Assert.True(cut.CutShort);
            Assert.False(cut.Converged);
            Assert.Equal(10, cut.Steps);
            Assert.Equal(10, cut.TotalSteps);
            Assert.True(float.IsFinite(cut.Loss));
            Assert.Equal(targets.ImageLength, cut.Reconstruction.Length);
            Assert.Equal(2, run.BusySlots);
            while (!run.IsDone)
            {
                run.Step();
            }

            while (run.Completed.TryDequeue(out var result))
            {
                results.Add(result);
            }
        }

        Assert.Equal([0, 1, 2], results.Select(r => r.Index).Order());
        Assert.All(results.Where(r => r.Index != 1), r =>
        {
            Assert.False(r.CutShort);
            Assert.Equal(50, r.Steps);
            Assert.Equal($"job{r.Index}", r.Tag);
        });

    }

    [Fact]
    public void Withdraw_KeepingBest_IsTheSameAsAShorterRun()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(2, seed: 7), 2);
        using var longer = tiny.Create(Options(batch: 2, restarts: 1, steps: 40));
        using var shorter = tiny.Create(Options(batch: 2, restarts: 1, steps: 12));
        var reference = shorter.Invert(targets).Single(r => r.Index == 0);

        var feed = new ScriptedFeed();
        feed.Add(ScriptedFeed.From(targets, 0));
        feed.Add(ScriptedFeed.From(targets, 1));
        feed.Close();
        using var run = longer.Start(feed);
        for (int i = 0; i < 12; i++)
        {
            run.Step();
        }

        run.Withdraw(t => t.Index == 0, keepBest: true);
        run.Step();
        var cut = Assert.Single(run.Completed);
        Assert.Equal(reference.Steps, cut.Steps);
        Assert.Equal(reference.Latent, cut.Latent, Close);
        Assert.Equal(reference.Loss, cut.Loss, 5);
        Assert.Equal(reference.Reconstruction, cut.Reconstruction, Close);
    }

    [Fact]
    public void Withdraw_WithoutKeepingBest_DropsTheImages_AndTheirWaitingRestarts()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(4, seed: 8), 4);
        using var inverter = tiny.Create(Options(batch: 2, restarts: 3, steps: 8));
        var feed = new ScriptedFeed();
        for (int p = 0; p < 4; p++)
        {
            feed.Add(ScriptedFeed.From(targets, p));
        }

        feed.Close();
        var results = new List<InversionResult>();
        using (var run = inverter.Start(feed))
        {
            run.Step();
            run.Step();
            run.Withdraw(t => t.Index == 0, keepBest: false);
            while (!run.IsDone)
            {
                run.Step();
                while (run.Completed.TryDequeue(out var result))
                {
                    results.Add(result);
                }
            }
        }

        Assert.Equal([1, 2, 3], results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.Equal(3 * 8, r.TotalSteps));
    }

    [Fact]
    public void Withdraw_AnImageBetweenRestarts_KeepsItsBestFinishedRestart()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(1, seed: 9), 1);
        using var inverter = tiny.Create(Options(batch: 1, restarts: 3, steps: 5));
        var feed = new ScriptedFeed();
        feed.Add(ScriptedFeed.From(targets, 0));
        feed.Close();
        using var run = inverter.Start(feed);
        for (int i = 0; i < 6 + 2; i++)
        {
            run.Step(); // restart 0 finishes at its sixth call; restart 1 runs two steps
        }

        run.Withdraw(_ => true, keepBest: true);
        run.Step();
        var cut = Assert.Single(run.Completed);
        Assert.True(cut.CutShort);
        Assert.InRange(cut.Restart, 0, 1);
        Assert.Equal(5 + 2, cut.TotalSteps);
        Assert.True(run.IsDone);
    }

    [Fact]
    public void IdleStep_ReturnsAtOnce_WithoutARuntimeCall()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(Options(batch: 4, restarts: 1));
        var feed = new ScriptedFeed();
        using var run = inverter.Start(feed);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            run.Step();
        }

        clock.Stop();
        Assert.True(run.IsIdle);
        Assert.False(run.IsDone);
        Assert.Equal(0, run.Progress.Iteration);
        Assert.Equal(0, run.BusySlots);
        Assert.True(feed.EmptyAsks >= 1000);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"1000 idle steps took {clock.ElapsedMilliseconds} ms");
        feed.Close();
        Assert.True(run.IsDone);
    }

    [Fact]
    public void Start_WhileARunIsActive_IsRefused_AndDisposeFreesTheInverter()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(Options(batch: 2, restarts: 1));
        var first = inverter.Start(new ScriptedFeed());
        Assert.Throws<InvalidOperationException>(() => inverter.Start(new ScriptedFeed()));
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(first.Step);
        using var second = inverter.Start(new ScriptedFeed());
        second.Step();
    }

    [Fact]
    public void TargetOfTheWrongSize_IsRefused_NamingIt()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(Options(batch: 2, restarts: 1));
        var feed = new ScriptedFeed();
        feed.Add(new FeedTarget(new float[3], 7, "odd.png"));
        using var run = inverter.Start(feed);

        var error = Assert.Throws<ArgumentException>(run.Step);
        Assert.Contains("'odd.png' (index 7)", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 values", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(run.Step);
    }

    [Fact]
    public void StartLatents_OfATarget_AreWhereItsFirstAttemptStarts()
    {
        using var tiny = new TinyInversion();
        float[] known = tiny.KnownLatents(1, seed: 10);
        var targets = tiny.Targets(known, 1);
        using var inverter = tiny.Create(Options(batch: 1, restarts: 1, steps: 1));
        var feed = new ScriptedFeed();
        string latent = inverter.Latents[0].Name;
        feed.Add(new FeedTarget(targets.Data, 0) { StartLatents = new Dictionary<string, float[]> { [latent] = known } });
        feed.Add(new FeedTarget(targets.Data, 1) { StartLatents = new Dictionary<string, float[]> { ["nope"] = known } });
        feed.Close();
        using var run = inverter.Start(feed);

        // Starting at the generating latent, the gradient is zero: the one update leaves it there. The second
        // target is taken when the first leaves its slot, and refused.
        run.Step();
        var error = Assert.Throws<ArgumentException>(run.Step);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        var result = Assert.Single(run.Completed);
        Assert.Equal(known, result.Latent, Close);
        Assert.True(result.Mse < 1e-10, $"MSE {result.Mse}");
    }

    [Fact]
    public async Task ConditionRows_OfEachTarget_EqualTheOptionsRows()
    {
        using var model = new ConditionalInversion();
        const int count = 4;
        var labels = ConditionalInversion.Labels(count);
        var targets = model.Targets(model.KnownLatents(count, seed: 12), count, labels);
        using var byOptions = Inverter.Create(model.Generator, ConditionOptions(ConditionValue.FromRows(labels.Values.ToArray(), count)));
        using var byTarget = Inverter.Create(model.Generator, ConditionOptions(ConditionValue.Scalar(3)));
        var reference = await TinyInversion.Collect(byOptions, targets);

        var feed = new ScriptedFeed();
        foreach (int p in new[] { 3, 1, 0, 2 })
        {
            feed.Add(new FeedTarget(targets.Data.AsMemory(p * targets.ImageLength, targets.ImageLength), p)
            {
                Conditions = new Dictionary<string, double[]> { ["y"] = [labels.Values[p]] },
            });
        }

        feed.Add(new FeedTarget(targets.Data.AsMemory(0, targets.ImageLength), 9) { Conditions = new Dictionary<string, double[]> { ["y"] = [0.5] } });
        feed.Close();
        var results = new List<InversionResult>();
        using var run = byTarget.Start(feed);
        var error = Assert.Throws<ArgumentException>(() =>
        {
            while (!run.IsDone)
            {
                run.Step();
                while (run.Completed.TryDequeue(out var result))
                {
                    results.Add(result);
                }
            }
        });
        results.AddRange(run.Completed);

        Assert.Contains("index 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.5", error.Message, StringComparison.Ordinal);
        var done = results.Where(r => r.Index < count).ToList();
        Assert.NotEmpty(done);
        foreach (var result in done)
        {
            var expected = reference.Single(r => r.Index == result.Index);
            Assert.Equal(expected.Latents["w"], result.Latents["w"], Close);
            Assert.Equal(expected.Loss, result.Loss, 5);
        }
    }

    private static List<InversionResult> RunAll(Inverter inverter, IEnumerable<FeedTarget> targets)
    {
        var feed = new ScriptedFeed();
        foreach (var target in targets)
        {
            feed.Add(target);
        }

        feed.Close();
        var results = new List<InversionResult>();
        using var run = inverter.Start(feed);
        while (!run.IsDone)
        {
            run.Step();
            while (run.Completed.TryDequeue(out var result))
            {
                results.Add(result);
            }
        }

        return results;
    }

    private static InversionOptions Options(int batch, int restarts, int steps = 12) => new()
    {
        Steps = steps,
        BatchSize = batch,
        Restarts = restarts,
        Seed = 3,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
    };

    private static InversionOptions ConditionOptions(ConditionValue labels) => new()
    {
        Steps = 30,
        BatchSize = 3,
        Loss = LossKind.Mse,
        Seed = 11,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
    };
}
