using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Adds the command-line remedy (which flag to pass) to a run folder's refusal.</summary>
internal static class RunFolderErrors
{
    /// <summary>
    /// The error to show for <paramref name="ex"/>: a <see cref="UsageException"/> with the flags that resolve it for
    /// problems of the command line, the exception itself otherwise (a busy or unreadable folder: exit 1).
    /// </summary>
    public static Exception ForCli(RunFolderException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Problem switch
        {
            RunFolderProblem.BadPath => new UsageException($"--out: {ex.Message}"),
            RunFolderProblem.HoldsRun => new UsageException($"{ex.Message}; pass --resume to continue it, --overwrite to start afresh, or choose another --out"),
            RunFolderProblem.OtherRun => new UsageException($"{ex.Message}; resume with the same command line, or choose another --out"),
            RunFolderProblem.NotEmpty => new UsageException($"{ex.Message}; pass --overwrite to write into it anyway, or choose another --out"),
            _ => ex,
        };
    }
}
