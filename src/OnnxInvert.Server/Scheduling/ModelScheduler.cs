using System.Diagnostics;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Server.Jobs;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// One model's queue and batch slots: jobs' images wait by priority (high, normal, low; first in first out within
/// one, by acceptance order), and one thread runs them through the model's warm inverters with
/// <see cref="ContinuousRunner"/>: up to <c>maxBatch</c> images of one options group share the slots across jobs,
/// finished ones leave and queued ones enter at the next step. Deadlines and cancellations act at the next step.
/// </summary>
internal sealed class ModelScheduler : IInversionFeed, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<(int Priority, long Order, int Index), QueuedImage> _queue = [];
    private readonly Dictionary<string, long> _order = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly InverterCache _inverters;
    private readonly ContinuousRunner _runner;
    private readonly Dictionary<string, int> _expiring = new(StringComparer.Ordinal);
    private readonly HashSet<ServiceJob> _reported = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _isolated = new(StringComparer.Ordinal);
    private readonly JobStore _store;
    private readonly ServiceMetrics _metrics;
    private readonly Thread _thread;
    private long _nextOrder;
    private volatile bool _draining;
    private volatile bool _stopNow;
    private volatile bool _idle = true;
    private long _lastSampleSteps;
    private TimeSpan _lastElapsed;
    private long _lastSweep;

    public ModelScheduler(string name, Generator generator, int maxBatch, int maxQueue, JobStore store, ServiceMetrics metrics)
    {
        Name = name;
        Generator = generator;
        MaxBatch = maxBatch;
        MaxQueue = maxQueue;
        _store = store;
        _metrics = metrics;
        _inverters = new InverterCache(generator);
        _runner = new ContinuousRunner(this, () => _draining);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"scheduler {name}" };
    }

    public string Name { get; }

    public Generator Generator { get; }

    public int MaxBatch { get; }

    public int MaxQueue { get; }

    /// <summary>Whether the default inverter is built and its objective has run at the full batch and at one image.</summary>
    public bool Warm { get; private set; }

    /// <summary>Whether the samples of this model are independent (else one job runs at a time).</summary>
    public bool SamplesIndependent { get; private set; } = true;

    public int QueuedImages
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Slots occupied now.</summary>
    public int BusySlots { get; private set; }

    /// <summary>Whether no batch is running.</summary>
    public bool Idle => _idle;

    /// <summary>Image-steps per second, smoothed over recent steps (0 before the first).</summary>
    public double ImageStepsPerSecond { get; private set; }

    /// <summary>The options group of a job: its option text, sorted, less batched condition values (jobs in one group share one compiled objective).</summary>
    public static string GroupOf(ServiceJob job) => job.Group;

    /// <summary>Builds the default inverter and runs its objective once at the full batch and at one image, then starts the loop.</summary>
    public void Start(InversionOptions defaults, Action<string> notice)
    {
        // A condition input without a default gets 0 for the warm-up only; requests must give it (input NAME=VALUE).
        var unset = Generator.Inputs.Where(i => i.Default is null).ToDictionary(i => i.Name, _ => ConditionValue.Scalar(0), StringComparer.Ordinal);
        var warm = new InversionOptions { Steps = 1, BatchSize = MaxBatch, Loss = defaults.Loss, Session = defaults.Session, Conditions = unset };
        using (var inverter = Inverter.Create(Generator, warm))
        {
            SamplesIndependent = inverter.SamplesIndependent;
            foreach (int count in new[] { MaxBatch, 1 }.Distinct())
            {
                var data = new float[count * inverter.ImageLength];
                Array.Fill(data, (Generator.OutputRange.Low + Generator.OutputRange.High) / 2);
                foreach (var _ in inverter.Invert(new InversionTargets(data, count)))
                {
                }
            }
        }

        if (unset.Count == 0)
        {
            _inverters.Get(string.Empty, defaults);
        }
        else
        {
            notice($"serve: model {Name}: requests must give {string.Join(", ", unset.Keys.Select(k => $"input {k}=VALUE"))}");
        }

        Warm = true;
        _thread.Start();
    }

    /// <summary>Checks that a job's options fit this generator (building its inverter); throws <see cref="ArgumentException"/> if not.</summary>
    public void Prepare(ServiceJob job) => _inverters.Get(GroupOf(job), job.Options);

    /// <summary>Queues every image of <paramref name="job"/> that has no result yet; false when the queue has no room.</summary>
    public bool Enqueue(ServiceJob job, bool force = false)
    {
        lock (_gate)
        {
            int pending = Enumerable.Range(0, job.Request.Count).Count(i => job.Result(i) is null);
            if (!force && _queue.Count + pending > MaxQueue)
            {
                return false;
            }

            long order = _nextOrder++;
            _order[job.Id] = order;
            for (int i = 0; i < job.Request.Count; i++)
            {
                if (job.Result(i) is null)
                {
                    _queue[((int)job.Request.Priority, order, i)] = new QueuedImage(job, i);
                }
            }
        }

        job.Queued();
        _wake.Release();
        return true;
    }

    /// <summary>Images queued ahead of the job's first queued image (null when none of its images is queued).</summary>
    public int? QueuePosition(ServiceJob job)
    {
        lock (_gate)
        {
            int ahead = 0;
            foreach (var image in _queue.Values)
            {
                if (ReferenceEquals(image.Job, job))
                {
                    return ahead;
                }

                ahead++;
            }

            return null;
        }
    }

    /// <summary>Seconds until the queue drains at the measured rate (a guess of 1 s per image before any measurement).</summary>
    public double EstimatedQueueSeconds()
    {
        long steps;
        lock (_gate)
        {
            steps = _queue.Values.Sum(i => (long)i.Job.Options.Steps * i.Job.Options.Restarts);
        }

        return ImageStepsPerSecond > 0 ? steps / ImageStepsPerSecond : QueuedImages;
    }

    /// <summary>Ends <paramref name="job"/> as cancelled; its queued images leave now, its running ones at the next step.</summary>
    public bool Cancel(ServiceJob job)
    {
        bool ended = End(job, JobStatus.Cancelled);
        Drop(job);
        return ended;
    }

    /// <summary>Stops taking batches; the running one goes on until <paramref name="timeout"/>, then stops (its images stay pending on disk).</summary>
    public void Drain(TimeSpan timeout)
    {
        _draining = true;
        _wake.Release();
        var watch = Stopwatch.StartNew();
        while (!_idle && watch.Elapsed < timeout)
        {
            Thread.Sleep(20);
        }

        _stopNow = true;
        while (!_idle && watch.Elapsed < timeout + TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }
    }

    public QueuedImage? Take(string group, string? onlyJob)
    {
        lock (_gate)
        {
            foreach (var (key, image) in _queue)
            {
                if (image.Job.IsFinal)
                {
                    continue;
                }

                if (image.Job.Group != group)
                {
                    // The head of the queue is of another group: it goes first once this run drains.
                    return null;
                }

                if (onlyJob is null || image.Job.Id == onlyJob)
                {
                    _queue.Remove(key);
                    return image;
                }
            }

            return null;
        }
    }

    public void Complete(QueuedImage image, InversionResult result)
    {
        var job = image.Job;
        if (!job.Complete(image.Index, result))
        {
            return;
        }

        _store.SaveResult(job, Generator, result);
        bool expired;
        lock (_gate)
        {
            expired = _expiring.TryGetValue(job.Id, out int left);
            if (expired && left > 1)
            {
                _expiring[job.Id] = left - 1;
                return;
            }

            _expiring.Remove(job.Id);
        }

        if (expired)
        {
            End(job, JobStatus.Deadline);
        }
        else if (job.ImagesDone == job.Request.Count)
        {
            End(job, JobStatus.Succeeded);
        }
    }

    public void Expire(ServiceJob job, int running)
    {
        Drop(job);
        lock (_gate)
        {
            _expiring[job.Id] = running;
        }
    }

    public void Return(QueuedImage image)
    {
        var job = image.Job;
        lock (_gate)
        {
            if (_expiring.TryGetValue(job.Id, out int left))
            {
                // Withdrawn at its deadline, but its best so far never came (the run stopped or failed): one fewer to wait for.
                if (left > 1)
                {
                    _expiring[job.Id] = left - 1;
                    return;
                }

                _expiring.Remove(job.Id);
            }
            else
            {
                if (!job.IsFinal && _order.TryGetValue(job.Id, out long order))
                {
                    _queue[((int)job.Request.Priority, order, image.Index)] = image;
                }

                return;
            }
        }

        End(job, JobStatus.Deadline);
    }

    public void Progress(IReadOnlyCollection<QueuedImage> running, InversionProgress progress, TimeSpan elapsed)
    {
        long delta = Math.Max(0, progress.SampleSteps - _lastSampleSteps);
        double seconds = (elapsed - _lastElapsed).TotalSeconds;
        _lastSampleSteps = progress.SampleSteps;
        _lastElapsed = elapsed;
        if (progress.Iteration > 1 && seconds > 0)
        {
            double rate = delta / seconds;
            ImageStepsPerSecond = ImageStepsPerSecond == 0 ? rate : (0.9 * ImageStepsPerSecond) + (0.1 * rate);
        }

        _metrics.AddImageSteps(Name, delta);
        _reported.Clear();
        foreach (var image in running)
        {
            if (_reported.Add(image.Job))
            {
                image.Job.ReportProgress(image.Job.Step + 1, progress.MeanLoss);
            }
        }

        long now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastSweep, now) >= SweepInterval)
        {
            _lastSweep = now;
            SweepDeadlines(running);
        }
    }

    public void Dispose()
    {
        _stopNow = true;
        _draining = true;
        _wake.Release();
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(30));
        }

        _inverters.Dispose();
        _wake.Dispose();
    }

    private void Loop()
    {
        while (!_draining)
        {
            SweepDeadlines([]);
            var head = Head();
            if (head is null)
            {
                _wake.Wait(TimeSpan.FromMilliseconds(100));
                continue;
            }

            Inverter inverter;
            try
            {
                inverter = _inverters.Get(head.Group, head.Options);
            }
            catch (ArgumentException ex)
            {
                End(head, JobStatus.Failed, ex.Message);
                Drop(head);
                continue;
            }

            _idle = false;
            RunOutcome outcome;
            try
            {
                // A coupled model runs one job as a unit; so does a group whose shared batch failed, until the job
                // that fails is found, so that one client's bad input does not fail the others.
                bool alone = !inverter.SamplesIndependent || _isolated.Contains(head.Group);
                outcome = _runner.Run(head.Group, alone ? head.Id : null, inverter, busy =>
                {
                    BusySlots = busy;
                    _metrics.SetSlots(Name, busy, MaxBatch);
                }, () => _stopNow);
            }
            finally
            {
                _idle = true;
                _lastSampleSteps = 0;
                _lastElapsed = TimeSpan.Zero;
            }

            Isolate(head.Group, outcome);

            _inverters.Trim(string.Empty);
        }
    }

    /// <summary>
    /// After a shared batch failed, the group's jobs run one at a time; a job that then fails ends that (the others
    /// share again), as does a group with nothing left queued.
    /// </summary>
    private void Isolate(string group, RunOutcome outcome)
    {
        if (outcome == RunOutcome.Returned)
        {
            _isolated.Add(group);
        }
        else if (outcome == RunOutcome.Failed)
        {
            _isolated.Remove(group);
        }

        lock (_gate)
        {
            _isolated.RemoveWhere(g => !_queue.Values.Any(i => i.Job.Group == g && !i.Job.IsFinal));
        }
    }

    /// <summary>The job of the first queued image that is still wanted, or null.</summary>
    private ServiceJob? Head()
    {
        lock (_gate)
        {
            return _queue.Values.Select(i => i.Job).FirstOrDefault(j => !j.IsFinal);
        }
    }

    public void Fail(QueuedImage image, string message)
    {
        End(image.Job, JobStatus.Failed, $"the inversion failed: {message}");
        Drop(image.Job);
    }

    /// <summary>Ends the queued jobs past their deadline that have no image in <paramref name="running"/> (those the runner withdraws, keeping their best).</summary>
    private void SweepDeadlines(IReadOnlyCollection<QueuedImage> running)
    {
        ServiceJob[] late;
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            late = [.. _queue.Values.Select(i => i.Job).Distinct().Where(j => j.Deadline is { } d && now >= d && !_expiring.ContainsKey(j.Id))];
        }

        foreach (var job in late.Where(j => !running.Any(r => ReferenceEquals(r.Job, j))))
        {
            End(job, JobStatus.Deadline);
            Drop(job);
        }
    }

    /// <summary>Ends a job and records it (metrics, state folder); images still running see it withdrawn at the next step.</summary>
    private bool End(ServiceJob job, JobStatus status, string? error = null)
    {
        if (!job.End(status, DateTimeOffset.UtcNow, error))
        {
            return false;
        }

        _store.SaveFinal(job, Generator);
        _metrics.JobEnded(Name, job);
        return true;
    }

    private void Drop(ServiceJob job)
    {
        lock (_gate)
        {
            foreach (var key in _queue.Where(e => ReferenceEquals(e.Value.Job, job)).Select(e => e.Key).ToArray())
            {
                _queue.Remove(key);
            }

            _order.Remove(job.Id);
            _expiring.Remove(job.Id);
        }
    }
}
