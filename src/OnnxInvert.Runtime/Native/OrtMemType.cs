namespace OnnxInvert.Runtime.Native;

/// <summary><c>enum OrtMemType</c>: which of a device's memories (<c>OrtMemTypeDefault</c> is the device's own).</summary>
internal enum OrtMemType
{
    CpuInput = -2,
    CpuOutput = -1,
    Default = 0,
}
