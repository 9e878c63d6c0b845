namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// state.json of a run folder, written last on every flush: the fingerprint of the settings, the finished images'
/// rows, and the time, iterations and sample steps spent over all runs so far (absent, so 0, in older folders).
/// </summary>
internal sealed record RunState(string Fingerprint, int Images, ResultRow[] Results, double WallSeconds = 0, long Iterations = 0, long SampleSteps = 0);
