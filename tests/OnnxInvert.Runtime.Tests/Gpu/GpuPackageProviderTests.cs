using OnnxInvert.Runtime.Tests.TestUtilities;

namespace OnnxInvert.Runtime.Tests.Gpu;

/// <summary>
/// The providers with the official GPU build loaded (in a child process). On a machine without CUDA its
/// GetAvailableProviders still lists CUDA and TensorRT; these tests show the binding decides by appending.
/// </summary>
public sealed class GpuPackageProviderTests
{
    [GpuPackageFact]
    public void Cpu_WithTheGpuBuild_RunsAndTheBuildListsCudaAndTensorRt()
    {
        (int exitCode, string output) = GpuPackage.Probe("cpu");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"version: {GpuPackage.Version}", output, StringComparison.Ordinal);
        Assert.Contains("CUDAExecutionProvider", Line(output, "available: "), StringComparison.Ordinal);
        Assert.Contains("TensorrtExecutionProvider", Line(output, "available: "), StringComparison.Ordinal);
        Assert.Contains("provider: CPUExecutionProvider", output, StringComparison.Ordinal);
        Assert.Contains("result: 2,4,6", output, StringComparison.Ordinal);
    }

    [GpuPackageFact]
    public void Auto_WithTheGpuBuild_TakesCudaWhereItWorksElseTheCpuSayingWhy()
    {
        (int exitCode, string output) = GpuPackage.Probe("auto:tensorrt,cuda,cpu");

        Assert.True(exitCode == 0, output);
        Assert.Contains("result: 2,4,6", output, StringComparison.Ordinal);
        if (CudaMachine.Present)
        {
            Assert.DoesNotContain("provider: CPUExecutionProvider", output, StringComparison.Ordinal);
            return;
        }

        string notice = Line(output, "notice: ");
        Assert.Contains("TensorRT is unavailable (", notice, StringComparison.Ordinal);
        Assert.Contains("CUDA is unavailable (", notice, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", notice, StringComparison.Ordinal);
        Assert.EndsWith("running on the CPU.", notice, StringComparison.Ordinal);
        Assert.Contains("provider: CPUExecutionProvider", output, StringComparison.Ordinal);
    }

    [GpuPackageFact]
    public void Cuda_WithTheGpuBuildWithoutCuda_FailsNamingTheMissingLibrary()
    {
        if (CudaMachine.Present)
        {
            return;
        }

        (int exitCode, string output) = GpuPackage.Probe("cuda:device_id=0,cudnn_conv_algo_search=HEURISTIC");

        Assert.True(exitCode == 3, output);
        string error = Line(output, "error: ");
        Assert.Contains("The CUDA execution provider ('cuda:device_id=0,cudnn_conv_algo_search=HEURISTIC') is unavailable", error, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", error, StringComparison.Ordinal);
        Assert.Contains("This build lists CUDAExecutionProvider among its providers, but it could not be added here.", error, StringComparison.Ordinal);
    }

    [GpuPackageFact]
    public void TensorRt_WithTheGpuBuildWithoutTensorRt_FailsNamingTheProvider()
    {
        if (CudaMachine.Present)
        {
            return;
        }

        (int exitCode, string output) = GpuPackage.Probe("tensorrt:trt_engine_cache_enable=1");

        Assert.True(exitCode == 3, output);
        string error = Line(output, "error: ");
        Assert.Contains("The TensorRT execution provider ('tensorrt:trt_engine_cache_enable=1') is unavailable", error, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_tensorrt.so", error, StringComparison.Ordinal);
        Assert.Contains("TensorRT 10", error, StringComparison.Ordinal);
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
        ?? throw new Xunit.Sdk.XunitException($"no line starting '{prefix}' in:\n{output}");
}

/// <summary>Whether this machine has an NVIDIA driver (then the GPU build may really run on CUDA).</summary>
internal static class CudaMachine
{
    public static bool Present { get; } = File.Exists("/dev/nvidiactl") || File.Exists("/proc/driver/nvidia/version");
}
