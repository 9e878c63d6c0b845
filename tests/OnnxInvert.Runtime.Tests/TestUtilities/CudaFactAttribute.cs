using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests.TestUtilities;

/// <summary>
/// A fact that needs a CUDA session: run where the loaded ONNX Runtime creates one (the GPU build,
/// <c>-p:OnnxInvertOrt=gpu</c>, on a machine with an NVIDIA GPU, CUDA and cuDNN), reported as skipped with the
/// runtime's reason elsewhere.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (CudaSession.Unavailable is { } reason)
        {
            Skip = $"No CUDA session can be created here (needs the GPU build, -p:OnnxInvertOrt=gpu, on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9): {reason}";
        }
    }
}

/// <summary>Whether the loaded library creates a CUDA session, asked once per process.</summary>
internal static class CudaSession
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    /// <summary>Null when a CUDA session can be created; otherwise why not.</summary>
    public static string? Unavailable => s_unavailable.Value;

    private static string? Probe()
    {
        try
        {
            using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Provider = ProviderSpec.Parse("cuda") });
            return null;
        }
        catch (Exception ex) when (ex is OrtException or DllNotFoundException)
        {
            return ex.InnerException is OrtException inner ? inner.RuntimeMessage : ex.Message;
        }
    }
}
