namespace OnnxInvert.Onnx.IO;

/// <summary>A model file could not be read or written; the message names the file and what was wrong.</summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates the exception with a message that names the file and the problem.</summary>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
