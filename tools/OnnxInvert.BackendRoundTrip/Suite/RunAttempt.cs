namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>The outcome of running one model's bytes on a test's inputs: success, or the one-line reason it failed.</summary>
/// <param name="Failure">Null on success; else what went wrong (load, run or output comparison).</param>
internal sealed record RunAttempt(string? Failure)
{
    /// <summary>The model loaded, ran and produced the expected outputs.</summary>
    public static RunAttempt Success { get; } = new((string?)null);

    /// <summary>Whether the run succeeded and matched.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>A failed attempt; multi-line messages are cut to their first line.</summary>
    public static RunAttempt Failed(string stage, string message) => new($"{stage}: {OneLine(message)}");

    /// <summary>The first non-empty line of <paramref name="message"/>, at most 300 characters.</summary>
    public static string OneLine(string message)
    {
        string line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 297), "...");
    }
}
