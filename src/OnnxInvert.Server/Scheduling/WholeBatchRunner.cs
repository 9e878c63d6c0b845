using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// Phase-1 slot loop: fills the batch from the feed across jobs (same options group; one job for a coupled model),
/// runs it until every image is done, and only then takes the next images. A withdrawn image stops the run at the
/// next step: finished images keep their results and the others go back to the queue (their results do not depend on
/// batch mates, so a rerun reproduces them).
/// </summary>
internal sealed class WholeBatchRunner(IInversionFeed feed, int maxBatch)
{
    /// <summary>Runs one batch starting with <paramref name="first"/> on <paramref name="inverter"/>; returns the images it ran.</summary>
    public int Run(QueuedImage first, string group, Inverter inverter, Action<int> occupancy)
    {
        var batch = new List<QueuedImage> { first };
        string? onlyJob = inverter.SamplesIndependent ? null : first.Job.Id;
        while (batch.Count < maxBatch && feed.Take(group, onlyJob) is { } next)
        {
            batch.Add(next);
        }

        foreach (var job in batch.Select(b => b.Job).Distinct())
        {
            job.MarkStarted(DateTimeOffset.UtcNow);
        }

        int length = first.Job.Request.ImageLength;
        var data = new float[batch.Count * length];
        for (int k = 0; k < batch.Count; k++)
        {
            batch[k].Job.Request.Image(batch[k].Index).CopyTo(data.AsSpan(k * length, length));
        }

        var running = batch.ToDictionary(b => b.Key, StringComparer.Ordinal);
        var targets = new InversionTargets(data, batch.Count, [.. batch.Select(b => b.Key)], [.. batch.Select(b => b.Index)]);
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress<InversionProgress>(p =>
        {
            occupancy(p.ActiveSamples);
            feed.Progress(running.Values, p);
            if (running.Values.Any(feed.IsWithdrawn))
            {
                stop.Cancel();
            }
        });
        occupancy(batch.Count);
        var results = inverter.InvertAsync(targets, progress, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (results.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                var result = results.Current;
                if (running.Remove(result.Source, out var image))
                {
                    feed.Complete(image, result);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            foreach (var image in running.Values)
            {
                feed.Return(image);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var image in running.Values)
            {
                feed.Fail(image, ex.Message);
            }
        }
        finally
        {
            results.DisposeAsync().AsTask().GetAwaiter().GetResult();
            occupancy(0);
        }

        return batch.Count;
    }
}
