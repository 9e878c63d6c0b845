namespace OnnxInvert.Server.Jobs;

/// <summary>Where a job stands; the wire names are lower case.</summary>
internal enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Deadline,
}
