namespace OnnxInvert.Server.Http;

/// <summary>A request the service answers with an RFC 9457 problem: the status, a short title and the detail.</summary>
internal sealed class ProblemException(int status, string title, string detail, TimeSpan? retryAfter = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>For 429 and 503: when to try again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
