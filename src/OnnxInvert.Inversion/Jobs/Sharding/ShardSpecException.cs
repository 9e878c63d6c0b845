namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// A shard index or count that is invalid, or that the environment (Slurm, Kubernetes) gives inconsistently; the
/// message names the value or variable. A <see cref="FormatException"/>, so callers that report bad input cleanly
/// report this too.
/// </summary>
public sealed class ShardSpecException : FormatException
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public ShardSpecException(string message)
        : base(message)
    {
    }
}
