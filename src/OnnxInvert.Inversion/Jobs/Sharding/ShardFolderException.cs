namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// A shard folder that is missing, incomplete, unreadable, or does not fit with the others (another model or other
/// settings, a missing or repeated item); <see cref="Shard"/> and the message name it. An <see cref="IOException"/>,
/// so callers that report file problems cleanly report this too.
/// </summary>
public sealed class ShardFolderException : IOException
{
    /// <summary>An error about <paramref name="shard"/> (a folder name such as <c>shard-00003-of-00016</c>, or the output folder).</summary>
    public ShardFolderException(string shard, string message, Exception? inner = null)
        : base(message, inner)
    {
        Shard = shard;
    }

    /// <summary>The shard folder (or output folder) the error is about.</summary>
    public string Shard { get; }
}
