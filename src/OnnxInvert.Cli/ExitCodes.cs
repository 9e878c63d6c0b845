namespace OnnxInvert.Cli;

/// <summary>The process exit codes of <c>onnxinvert</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command failed (a file, model or runtime problem); the message says what.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong (unknown verb or option, invalid value).</summary>
    public const int Usage = 2;

    /// <summary>A shard was stopped by a signal and saved what it finished; rerun it with --resume (<see cref="Inversion.Jobs.Sharding.ShardExitCodes.Retriable"/>).</summary>
    public const int Retriable = Inversion.Jobs.Sharding.ShardExitCodes.Retriable;

    /// <summary>The command was interrupted (Ctrl-C, 128 + SIGINT); what it finished is saved.</summary>
    public const int Interrupted = 130;
}
