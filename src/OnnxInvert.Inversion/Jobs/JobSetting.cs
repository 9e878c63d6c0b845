namespace OnnxInvert.Inversion.Jobs;

/// <summary>One named setting of a job, as the caller gave it.</summary>
/// <param name="Name">The setting's name in <c>summary.json</c> (snake_case by convention, e.g. <c>prior_mode</c>).</param>
/// <param name="Value">A string, number, boolean or null.</param>
/// <param name="ShapesResults">
/// Whether another value gives other results, so that a run folder made with one value must not be resumed with
/// another (false for settings such as a batch size or a thread count that only change how the work is split).
/// </param>
public sealed record JobSetting(string Name, object? Value, bool ShapesResults = true);
