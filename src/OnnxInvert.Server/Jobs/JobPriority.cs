namespace OnnxInvert.Server.Jobs;

/// <summary>Queue priority of a job: high before normal before low, first in first out within one.</summary>
internal enum JobPriority
{
    High = 0,
    Normal = 1,
    Low = 2,
}
