namespace OnnxInvert.Server.Scheduling;

/// <summary>How a <see cref="ContinuousRunner"/> run ended.</summary>
internal enum RunOutcome
{
    /// <summary>Idle, drained or stopped: every image that left the slots has its result or went back to the queue.</summary>
    Finished,

    /// <summary>The runtime failed while one job's images ran: that job failed.</summary>
    Failed,

    /// <summary>
    /// The runtime failed while images of several jobs shared the batch: they went back to the queue and nothing
    /// failed, since the fault may be one job's (a label the model cannot embed); the group runs one job at a time
    /// until the job that fails is found.
    /// </summary>
    Returned,
}
