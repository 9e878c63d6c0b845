namespace OnnxInvert.Runtime;

/// <summary>
/// A failure reported by ONNX Runtime (an <c>OrtStatus</c>) or found by this binding before calling it. The message
/// says what was being done (for instance which model was being loaded) and then what the runtime reported.
/// </summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates an exception with an error code and a complete message.</summary>
    /// <param name="errorCode">The ONNX Runtime error code.</param>
    /// <param name="message">The message, saying what failed and why.</param>
    public OrtException(OrtErrorCode errorCode, string message)
        : this(errorCode, message, innerException: null)
    {
    }

    /// <summary>Creates an exception with an error code, a complete message and the exception that caused it.</summary>
    /// <param name="errorCode">The ONNX Runtime error code.</param>
    /// <param name="message">The message, saying what failed and why.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public OrtException(OrtErrorCode errorCode, string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        RuntimeMessage = message;
    }

    private OrtException(OrtErrorCode errorCode, string message, string runtimeMessage)
        : base(message)
    {
        ErrorCode = errorCode;
        RuntimeMessage = runtimeMessage;
    }

    /// <summary>The ONNX Runtime error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message exactly as ONNX Runtime reported it, without this binding's context.</summary>
    public string RuntimeMessage { get; }

    /// <summary>An exception for a failed status: "<paramref name="doing"/> failed (code): runtime message".</summary>
    internal static OrtException FromStatus(OrtErrorCode errorCode, string doing, string runtimeMessage)
    {
        string context = doing.Length == 0 || char.IsUpper(doing[0]) ? doing : char.ToUpperInvariant(doing[0]) + doing[1..];
        return new OrtException(errorCode, $"{context} failed ({errorCode}): {runtimeMessage}", runtimeMessage);
    }
}
