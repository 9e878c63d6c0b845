using OnnxInvert.Runtime.Tests.TestModels;
using OnnxInvert.Runtime.Tests.TestUtilities;

namespace OnnxInvert.Runtime.Tests.Gpu;

/// <summary>
/// What the GPU-resident loop needs from the binding: outputs left in CUDA memory, fed back as inputs, and the
/// host/device bytes each run moves. Skipped (with the reason) where no CUDA session can be created.
/// </summary>
public sealed class CudaIoBindingTests
{
    private const long FloatBytes = sizeof(float);

    [CudaFact]
    public void Run_OutputBoundToCuda_StaysOnTheDeviceAndOnlyInputsAreCopiedIn()
    {
        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Provider = ProviderSpec.Parse("cuda") });
        using OrtValue va = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f }, [1, 3]);
        using OrtValue vb = OrtValue.CreateTensor<float>(new[] { 10f, 20f, 30f }, [1, 3]);
        using OrtMemoryInfo cuda = OrtMemoryInfo.CreateCuda();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", vb);
        binding.BindOutputToDevice("sum", cuda);

        binding.Run();

        Assert.Equal(ExecutionProvider.Cuda, session.Provider);
        Assert.Equal(new HostDeviceTransfers(2 * 3 * FloatBytes, 0), binding.MeasureTransfers());
        IReadOnlyList<OrtValue> outputs = binding.GetOutputValues();
        using OrtValue sum = Assert.Single(outputs);
        Assert.Equal("Cuda", sum.Device);
        Assert.False(sum.IsOnHost);
        var ex = Assert.Throws<InvalidOperationException>(() => sum.GetTensorData<float>().ToArray());
        Assert.Contains("device memory", ex.Message, StringComparison.Ordinal);
    }

    [CudaFact]
    public void Run_DeviceOutputFedBackAsInput_CopiesOnlyTheHostInputAndTheHostOutput()
    {
        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Provider = ProviderSpec.Parse("cuda") });
        using OrtValue va = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f }, [1, 3]);
        using OrtMemoryInfo cuda = OrtMemoryInfo.CreateCuda();
        using OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();
        using OrtIoBinding first = session.CreateIoBinding();
        first.BindInput("a", va);
        first.BindInput("b", va);
        first.BindOutputToDevice("sum", cuda);
        first.Run();
        using OrtValue onDevice = Assert.Single(first.GetOutputValues());

        using OrtIoBinding second = session.CreateIoBinding();
        second.BindInput("a", onDevice);
        second.BindInput("b", va);
        second.BindOutputToDevice("sum", cpu);
        second.Run();

        Assert.Equal(new HostDeviceTransfers(3 * FloatBytes, 3 * FloatBytes), second.MeasureTransfers());
        using OrtValue onHost = Assert.Single(second.GetOutputValues());
        Assert.True(onHost.IsOnHost);
        Assert.Equal([3f, 6f, 9f], onHost.GetTensorData<float>().ToArray());
    }

    [Fact]
    public void MeasureTransfers_CpuSession_IsZero()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue va = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f }, [1, 3]);
        using OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", va);
        binding.BindOutputToDevice("sum", cpu);

        binding.Run();

        Assert.Equal(default, binding.MeasureTransfers());
        using OrtValue sum = Assert.Single(binding.GetOutputValues());
        Assert.Equal("Cpu", sum.Device);
        Assert.Equal(0, sum.DeviceId);
        Assert.Equal(3 * FloatBytes, sum.ByteCount);
    }
}
