using System.Text.Json.Serialization;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// state.json of a run folder, the commit record, written (atomically) last on every commit: the fingerprint of the
/// settings, how many images' rows are committed (<see cref="Finished"/>) and the byte length of metrics.csv that holds
/// them (<see cref="MetricsBytes"/>; a resumed run cuts the file back to it), and the time, iterations and sample steps
/// spent over all runs so far. Folders written before the tables were appended in place list the finished rows
/// themselves (<see cref="Results"/>); they are still read.
/// </summary>
internal sealed record RunState(string Fingerprint, int Images, double WallSeconds = 0, long Iterations = 0, long SampleSteps = 0)
{
    /// <summary>Images whose rows are committed.</summary>
    public int Finished { get; init; }

    /// <summary>The committed length of metrics.csv in bytes (0 in folders of the older layout).</summary>
    public long MetricsBytes { get; init; }

    /// <summary>The finished rows, in folders of the older layout; null otherwise (and never written).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResultRow[]? Results { get; init; }
}
