namespace OnnxInvert.Inversion.Jobs;

/// <summary>How <see cref="RunFolder.Open"/> treats what is already in the folder.</summary>
public sealed record RunFolderOptions
{
    /// <summary>Take up the finished images of an earlier run made with the same settings (and remove the temporary files a killed run left).</summary>
    public bool Resume { get; init; }

    /// <summary>Write into a folder that holds other files or another run (an earlier run's state is discarded).</summary>
    public bool Overwrite { get; init; }

    /// <summary>The job's input paths (targets, masks, ...): the folder must be none of them and lie inside none of them.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Receives notices (a stale lock taken over, nothing to resume, temporaries removed), or null.</summary>
    public Action<string>? Notice { get; init; }
}
