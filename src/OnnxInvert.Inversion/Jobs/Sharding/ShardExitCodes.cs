namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>The exit codes a shard's process reports to its scheduler beyond 0 (done) and 1 (failed).</summary>
public static class ShardExitCodes
{
    /// <summary>
    /// 75, <c>EX_TEMPFAIL</c> of BSD's <c>sysexits.h</c> ("temporary failure; the user is invited to retry"): the
    /// shard was asked to stop (SIGTERM, or the SIGUSR1 Slurm's <c>--signal</c> sends before the time limit),
    /// finished its current iteration, saved its finished images and exited; running it again with <c>--resume</c>
    /// continues it (the images that were in flight start again, with the same random draws). Schedulers
    /// treat it as retriable: the Slurm script requeues the task on it, the Kubernetes Job's <c>podFailurePolicy</c>
    /// ignores it (the retry does not count against <c>backoffLimitPerIndex</c>). Distinct from the 130 of an
    /// interactive Ctrl-C, and from 1 (a failure that a retry would repeat).
    /// </summary>
    public const int Retriable = 75;
}
