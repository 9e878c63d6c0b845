namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// A running inversion over a feed, stepped by its driver (<see cref="Inverter.Start"/>): each <see cref="Step"/>
/// fills free batch slots (waiting restarts first, then new targets from the feed), makes one runtime call and
/// updates every sample; finished images appear in <see cref="Completed"/>. Not thread-safe except
/// <see cref="Withdraw"/>, which may be called from any thread. Dispose it to free the inverter for the next run.
/// </summary>
public sealed class ActiveInversion : IDisposable
{
    private readonly InversionRun _run;
    private Action? _end;

    internal ActiveInversion(InversionRun run, Action end)
    {
        _run = run;
        _end = end;
    }

    /// <summary>Results of finished images (and of withdrawn ones kept), in completion order, not yet dequeued.</summary>
    public Queue<InversionResult> Completed => _run.Completed;

    /// <summary>Whether the feed is complete and every slot is empty: no result will come again.</summary>
    public bool IsDone => _run.IsDone;

    /// <summary>Whether no slot is busy and no restart is waiting: the run waits for the feed (a step returns at once).</summary>
    public bool IsIdle => _run.IsIdle;

    /// <summary>Batch slots holding a job now.</summary>
    public int BusySlots => _run.BatchSize;

    /// <summary>Targets taken from the feed so far.</summary>
    public int TakenTargets => _run.TakenImages;

    /// <summary>Jobs put back from the checkpoint the run was started with (<see cref="Inverter.StartResumed"/>).</summary>
    internal int RestoredJobs => _run.RestoredJobs;

    /// <summary>The images in flight, for a preemption checkpoint; call it between steps.</summary>
    internal Checkpoints.InFlightCheckpoint Snapshot() => _run.Snapshot();

    /// <summary>A snapshot of the run (iterations, images done, loss, time).</summary>
    public InversionProgress Progress => _run.Progress;

    /// <summary>One step: applies withdrawals, fills free slots, then one runtime call and update (at once when idle).</summary>
    /// <exception cref="ArgumentException">A target taken from the feed does not fit the generator (its image size, a
    /// starting latent, a condition row); the message names it, and the run stops (later steps throw).</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_end is null, this);
        _run.Step();
    }

    /// <summary>
    /// The images <paramref name="which"/> picks among those taken and unfinished (in slots, or with restarts still
    /// waiting) leave at the next step. With <paramref name="keepBest"/> each yields a result from its best state so
    /// far (the best finished restart or the running one's latents at that step, <see cref="InversionResult.CutShort"/>
    /// set); without, they are dropped. Targets still in the feed are the feed's business.
    /// </summary>
    public void Withdraw(Func<FeedTarget, bool> which, bool keepBest) => _run.Withdraw(which, keepBest);

    /// <summary>Ends the run; the inverter can start another.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _end, null)?.Invoke();
    }
}
