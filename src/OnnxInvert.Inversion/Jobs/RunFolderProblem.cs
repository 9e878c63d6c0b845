namespace OnnxInvert.Inversion.Jobs;

/// <summary>Why a <see cref="RunFolder"/> could not be opened.</summary>
public enum RunFolderProblem
{
    /// <summary>The path is empty, names a file, or is (or lies inside) one of the job's inputs.</summary>
    BadPath,

    /// <summary>Another live process holds the folder's lock.</summary>
    Busy,

    /// <summary>The folder holds a run and neither resuming nor overwriting was asked for.</summary>
    HoldsRun,

    /// <summary>The folder holds a run made with other settings or targets, so it cannot be resumed.</summary>
    OtherRun,

    /// <summary>The folder is not empty and holds no run state, and overwriting was not asked for.</summary>
    NotEmpty,

    /// <summary>The folder's state or tables cannot be read back.</summary>
    Unreadable,
}
