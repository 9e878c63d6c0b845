namespace OnnxInvert.Inversion.Jobs;

/// <summary>A <see cref="RunFolder"/> refused to open; the message names the folder and, for a lock, its owner.</summary>
public sealed class RunFolderException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RunFolderException(string folder, RunFolderProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Folder = folder;
        Problem = problem;
    }

    /// <summary>The folder's path as given.</summary>
    public string Folder { get; }

    /// <summary>What is wrong.</summary>
    public RunFolderProblem Problem { get; }
}
