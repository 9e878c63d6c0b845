using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Server.Jobs;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// Iteration-level scheduling of one options group: a standing <see cref="ActiveInversion"/> over the model's queue.
/// At every step finished images leave and queued ones of the group take the free slots (continuous batching across
/// requests), each fed its job's condition rows (so jobs that differ only in a class label share the batch); images
/// of a cancelled job are withdrawn (slots free at the next step), those of a job past its deadline are withdrawn
/// keeping their best state so far. For a model whose samples are coupled the feed hands out one job's images only
/// and completes with them, so that job runs as a unit. The run ends when it is idle (then the loop picks the queue's
/// head again, which may be of another group).
/// </summary>
internal sealed class ContinuousRunner
{
    private readonly IInversionFeed _feed;
    private readonly Func<bool> _stopTaking;

    public ContinuousRunner(IInversionFeed feed, Func<bool> stopTaking)
    {
        _feed = feed;
        _stopTaking = stopTaking;
    }

    /// <summary>Runs <paramref name="group"/> on <paramref name="inverter"/> until no slot is busy and no queued image of the group may enter.</summary>
    /// <param name="group">The options group (one compiled objective).</param>
    /// <param name="onlyJob">For a coupled model, the one job whose images run (as a unit); else null.</param>
    /// <param name="inverter">The group's inverter.</param>
    /// <param name="occupancy">Told the busy slots after every step.</param>
    /// <param name="stopNow">Whether to stop at once (drain timeout): running images return to the queue unfinished.</param>
    /// <returns>How the run ended (a runtime failure fails the images only when they are all of one job).</returns>
    public RunOutcome Run(string group, string? onlyJob, Inverter inverter, Action<int> occupancy, Func<bool> stopNow)
    {
        var running = new Dictionary<string, QueuedImage>(StringComparer.Ordinal);
        var source = new Source(this, group, onlyJob, running);
        var withdrawn = new HashSet<string>(StringComparer.Ordinal);
        using var active = inverter.Start(source);
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                if (stopNow())
                {
                    foreach (var image in running.Values)
                    {
                        _feed.Return(image);
                    }

                    running.Clear();
                    return RunOutcome.Finished;
                }

                Withdraw(active, running, withdrawn);
                active.Step();
                while (active.Completed.TryDequeue(out var result))
                {
                    if (result.Tag is QueuedImage image && running.Remove(image.Key))
                    {
                        withdrawn.Remove(image.Key);
                        _feed.Complete(image, result);
                    }
                }

                foreach (string key in withdrawn.Where(k => !running.ContainsKey(k)).ToArray())
                {
                    withdrawn.Remove(key);
                }

                occupancy(active.BusySlots);
                if (running.Count > 0)
                {
                    _feed.Progress(running.Values, active.Progress, clock.Elapsed);
                }

                if (active.IsDone || (active.IsIdle && running.Count == 0))
                {
                    return RunOutcome.Finished;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            bool shared = running.Values.Select(i => i.Job).Distinct().Skip(1).Any();
            foreach (var image in running.Values)
            {
                if (shared)
                {
                    _feed.Return(image);
                }
                else
                {
                    _feed.Fail(image, ex.Message);
                }
            }

            running.Clear();
            return shared ? RunOutcome.Returned : RunOutcome.Failed;
        }
        finally
        {
            occupancy(0);
        }
    }

    /// <summary>Withdraws the images of cancelled jobs (dropped) and of jobs past their deadline (keeping their best so far).</summary>
    private void Withdraw(ActiveInversion active, Dictionary<string, QueuedImage> running, HashSet<string> withdrawn)
    {
        if (running.Count == 0)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        List<QueuedImage>? cancelled = null;
        List<QueuedImage>? late = null;
        foreach (var image in running.Values)
        {
            if (withdrawn.Contains(image.Key))
            {
                continue;
            }

            if (image.Job.IsFinal)
            {
                (cancelled ??= []).Add(image);
            }
            else if (image.Job.Deadline is { } deadline && now >= deadline)
            {
                (late ??= []).Add(image);
            }
        }

        if (cancelled is not null)
        {
            var keys = cancelled.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            active.Withdraw(t => t.Tag is QueuedImage i && keys.Contains(i.Key), keepBest: false);
            foreach (var image in cancelled)
            {
                running.Remove(image.Key);
            }
        }

        if (late is not null)
        {
            var keys = late.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            active.Withdraw(t => t.Tag is QueuedImage i && keys.Contains(i.Key), keepBest: true);
            withdrawn.UnionWith(keys);
            foreach (var job in late.GroupBy(i => i.Job))
            {
                _feed.Expire(job.Key, job.Count());
            }
        }
    }

    /// <summary>The run's feed: queued images of the group (of one job for a coupled model), taken as slots free.</summary>
    private sealed class Source(ContinuousRunner owner, string group, string? onlyJob, Dictionary<string, QueuedImage> running) : ITargetFeed
    {
        private bool _complete;

        public bool IsComplete => _complete;

        public bool TryTake([NotNullWhen(true)] out FeedTarget? target)
        {
            target = null;
            if (_complete || owner._stopTaking())
            {
                return false;
            }

            var image = owner._feed.Take(group, onlyJob);
            if (image is null)
            {
                // A coupled model's job runs as a unit: once its images are all taken, the run ends with them.
                _complete = onlyJob is not null;
                return false;
            }

            image.Job.MarkStarted(DateTimeOffset.UtcNow);
            running[image.Key] = image;
            target = new FeedTarget(image.Job.Request.Memory(image.Index), image.Index, image.Key) { Conditions = image.Job.Conditions, Tag = image };
            return true;
        }
    }
}
