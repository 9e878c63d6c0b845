namespace OnnxInvert.Inversion.Jobs;

/// <summary>What an <see cref="InversionJob"/> produced.</summary>
public sealed record JobResult
{
    /// <summary>The finished images over all runs, in index order.</summary>
    public required IReadOnlyList<ResultRow> Rows { get; init; }

    /// <summary>How many targets the job had.</summary>
    public required int Targets { get; init; }

    /// <summary>Images finished by earlier runs on the folder.</summary>
    public required int Resumed { get; init; }

    /// <summary>Time, iterations and sample steps.</summary>
    public required JobTiming Timing { get; init; }

    /// <summary>The summary (also written to the folder's summary.json).</summary>
    public required IReadOnlyDictionary<string, object?> Summary { get; init; }
}
