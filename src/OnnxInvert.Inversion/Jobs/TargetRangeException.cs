namespace OnnxInvert.Inversion.Jobs;

/// <summary>An array of targets holds values far outside the generator's output range (e.g. 0..255 for a [0, 1] model).</summary>
/// <remarks>A <see cref="FormatException"/>, so callers that treat malformed input as a user error catch it with the rest.</remarks>
public sealed class TargetRangeException : FormatException
{
    /// <summary>Creates the exception with the message naming the file, the value and its position.</summary>
    public TargetRangeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TargetRangeException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public TargetRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
