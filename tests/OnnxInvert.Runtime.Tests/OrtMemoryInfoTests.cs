namespace OnnxInvert.Runtime.Tests;

public sealed class OrtMemoryInfoTests
{
    [Fact]
    public void CreateCpu_DescribesCpuDeviceZero()
    {
        using OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();

        Assert.Equal("Cpu", cpu.DeviceName);
        Assert.Equal(0, cpu.DeviceId);
        Assert.Equal("Cpu:0", cpu.ToString());
    }

    [Fact]
    public void CreateCuda_DescribesTheDeviceEvenWithoutCuda()
    {
        using OrtMemoryInfo cuda = OrtMemoryInfo.CreateCuda(1);

        Assert.Equal("Cuda:1", cuda.ToString());
    }

    [Fact]
    public void CreateCuda_NegativeDevice_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrtMemoryInfo.CreateCuda(-1));
    }

    [Fact]
    public void Disposed_BindingToIt_ThrowsObjectDisposed()
    {
        using var session = OrtSession.FromBytes(TestModels.Models.Add());
        using OrtIoBinding binding = session.CreateIoBinding();
        OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();
        cpu.Dispose();

        Assert.Throws<ObjectDisposedException>(() => binding.BindOutputToDevice("sum", cpu));
    }
}
