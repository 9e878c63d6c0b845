namespace OnnxInvert.Runtime.Native;

/// <summary><c>enum OrtLoggingLevel</c>: the least severe message the environment's logger prints.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
