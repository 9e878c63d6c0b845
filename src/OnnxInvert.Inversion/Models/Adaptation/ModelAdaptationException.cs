namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>A model cannot be adapted as requested; the message names the model, the tensor and its type or shape.</summary>
public sealed class ModelAdaptationException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming the model, the tensor and what is wrong.</summary>
    public ModelAdaptationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ModelAdaptationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
