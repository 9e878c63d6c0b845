using OnnxInvert.Inversion.Engine.Resident;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Engine.Resident;

/// <summary>The copies the resident loop makes through Identity sessions, on the CPU (where the "device" is memory ONNX Runtime owns).</summary>
public sealed class DeviceCopierTests : IDisposable
{
    private readonly OrtSession _objective = OrtSession.FromBytes(OnnxModelWriter.ToBytes(TinyGenerators.Build("Sigmoid")));
    private readonly DeviceCopier _copier;

    public DeviceCopierTests() => _copier = new DeviceCopier(_objective);

    public void Dispose()
    {
        _copier.Dispose();
        _objective.Dispose();
    }

    [Fact]
    public void Upload_IsACopy_NotAViewOfTheHostMemory()
    {
        long[] host = [1, 2, 3, 4];
        using var source = OrtValue.CreateTensor<long>(host, [2, 2]);
        using var device = _copier.Upload(source);
        host[0] = 100;
        long[] back = new long[4];
        using var destination = OrtValue.CreateTensor<long>(back, [2, 2]);

        _copier.Copy(device, destination);

        Assert.Equal("Cpu", _copier.Memory.DeviceName);
        Assert.Equal([1L, 2L, 3L, 4L], back);
    }

    [Fact]
    public void Bind_CopiesOneRowIntoAnotherEachRun()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using var whole = OrtValue.CreateTensor<float>(data, [3, 2]);
        using var device = _copier.Upload(whole);
        using var first = device.SliceRows(0, 1);
        using var last = device.SliceRows(2, 1);
        using var binding = _copier.Bind(first, last);
        float[] back = new float[6];
        using var host = OrtValue.CreateTensor<float>(back, [3, 2]);

        binding.Run();
        _copier.Copy(device, host);

        Assert.Equal([1f, 2f, 3f, 4f, 1f, 2f], back);
    }

    [Fact]
    public void Bind_ShapesDiffer_IsAClearError()
    {
        using var a = OrtValue.CreateTensor<float>(new float[6], [3, 2]);
        using var b = OrtValue.CreateTensor<float>(new float[6], [2, 3]);

        var ex = Assert.Throws<InvalidOperationException>(() => _copier.Bind(a, b));

        Assert.Contains("Float [3,2] into Float [2,3]", ex.Message, StringComparison.Ordinal);
    }
}
