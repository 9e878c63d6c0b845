namespace OnnxInvert.Cli;

/// <summary>An option value that parsed but makes no sense; reported with exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
