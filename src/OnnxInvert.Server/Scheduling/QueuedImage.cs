using OnnxInvert.Server.Jobs;

namespace OnnxInvert.Server.Scheduling;

/// <summary>One image of a job waiting for, or occupying, a batch slot.</summary>
internal sealed record QueuedImage(ServiceJob Job, int Index)
{
    /// <summary>The name the image carries through the engine: unique across the jobs sharing a batch.</summary>
    public string Key => $"{Job.Id}/{Index}";
}
