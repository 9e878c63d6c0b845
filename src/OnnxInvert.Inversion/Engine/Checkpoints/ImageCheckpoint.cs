namespace OnnxInvert.Inversion.Engine.Checkpoints;

/// <summary>What a run knew about one image in flight across its restarts when it stopped.</summary>
/// <param name="Index">The image's index (<see cref="FeedTarget.Index"/>).</param>
/// <param name="Finished">Restarts finished.</param>
/// <param name="Planned">Restarts planned: the options' restarts plus the stall restarts added so far.</param>
/// <param name="Reinitializations">Re-initialisations over the finished restarts.</param>
/// <param name="Steps">Updates over the finished restarts.</param>
/// <param name="Best">The best finished restart so far, or null.</param>
internal sealed record ImageCheckpoint(int Index, int Finished, int Planned, int Reinitializations, int Steps, JobOutcome? Best);
