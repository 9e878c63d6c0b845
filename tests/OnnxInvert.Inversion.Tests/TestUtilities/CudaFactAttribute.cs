using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>
/// A fact that needs the engine on CUDA: run where the loaded ONNX Runtime creates a CUDA session of a tiny generator
/// (the GPU build, <c>-p:OnnxInvertOrt=gpu</c>, on a machine with an NVIDIA GPU), reported as skipped with the
/// runtime's reason elsewhere.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    public CudaFactAttribute()
    {
        if (s_unavailable.Value is { } reason)
        {
            Skip = $"No CUDA session can be created here (needs the GPU build, -p:OnnxInvertOrt=gpu, on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9): {reason}";
        }
    }

    private static string? Probe()
    {
        try
        {
            using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(TinyGenerators.Build("Sigmoid")), new SessionSettings { Provider = ProviderSpec.Parse("cuda") });
            return null;
        }
        catch (Exception ex) when (ex is OrtException or DllNotFoundException)
        {
            return ex.InnerException is OrtException inner ? inner.RuntimeMessage : ex.Message;
        }
    }
}
