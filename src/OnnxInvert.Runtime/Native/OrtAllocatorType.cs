namespace OnnxInvert.Runtime.Native;

/// <summary><c>enum OrtAllocatorType</c>.</summary>
internal enum OrtAllocatorType
{
    Invalid = -1,
    Device = 0,
    Arena = 1,
}
