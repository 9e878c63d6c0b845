namespace OnnxInvert.Server;

/// <summary>An inversion option of a request is unknown, refused on a service, or has an invalid value.</summary>
public sealed class RequestOptionsException : Exception
{
    /// <summary>Creates the exception with a message naming the option and its valid values.</summary>
    public RequestOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public RequestOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public RequestOptionsException()
    {
    }
}
