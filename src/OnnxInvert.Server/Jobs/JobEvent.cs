namespace OnnxInvert.Server.Jobs;

/// <summary>One server-sent event of a job: its id (1, 2, ... within the job), its type and its JSON data.</summary>
internal sealed record JobEvent(long Id, string Type, string Data);
