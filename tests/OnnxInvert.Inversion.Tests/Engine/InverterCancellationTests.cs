using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterCancellationTests : IDisposable
{
    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task CancellingMidRun_ThrowsAtTheNextIteration_WithNoResultForUnfinishedImages()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(6, seed: 1), 6);
        using var cancellation = new CancellationTokenSource();
        long cancelledAt = 0;
        var reports = new List<InversionProgress>();
        var results = new List<InversionResult>();
        using var inverter = _tiny.Create(new InversionOptions { Steps = 100_000, BatchSize = 2 });
        var progress = new SyncProgress<InversionProgress>(p =>
        {
            reports.Add(p);
            if (p.Iteration == 5)
            {
                cancelledAt = p.Iteration;
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in inverter.InvertAsync(targets, progress, cancellation.Token))
            {
                results.Add(result);
            }
        });

        Assert.Empty(results);
        Assert.Equal(cancelledAt, reports[^1].Iteration);
    }

    [Fact]
    public async Task CancellingAfterAResult_KeepsOnlyFinishedImages_AndTheInverterCanRunAgain()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(8, seed: 2), 8);
        using var cancellation = new CancellationTokenSource();
        var results = new List<InversionResult>();
        using var inverter = _tiny.Create(new InversionOptions { Steps = 6, BatchSize = 2 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in inverter.InvertAsync(targets, cancellationToken: cancellation.Token))
            {
                results.Add(result);
                cancellation.Cancel();
            }
        });

        Assert.InRange(results.Count, 1, 2);
        Assert.All(results, r => Assert.Equal(6, r.Steps));
        Assert.Equal(8, (await TinyInversion.Collect(inverter, targets)).Count);
    }

    [Fact]
    public async Task AnAlreadyCancelledToken_ProducesNothing()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 3), 2);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 5 });
        var reports = new List<InversionProgress>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TinyInversion.Collect(inverter, targets, new SyncProgress<InversionProgress>(reports.Add), new CancellationToken(canceled: true)));

        Assert.Empty(reports);
    }
}
