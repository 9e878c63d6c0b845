using OnnxInvert.Runtime.Tests.TestModels;
using OnnxInvert.Runtime.Tests.TestUtilities;

namespace OnnxInvert.Runtime.Tests;

/// <summary><see cref="OrtValue.SliceRows"/>: views over leading rows in the tensor's own memory, as the device-resident loop binds them.</summary>
public sealed class OrtValueRowsTests
{
    [Fact]
    public void SliceRows_ReadsAndWritesTheSameMemory()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using OrtValue whole = OrtValue.CreateTensor<float>(data, [3, 2]);

        using OrtValue rows = whole.SliceRows(1, 2);
        rows.GetTensorData<float>()[3] = 60;

        Assert.Equal([2L, 2L], rows.Shape.ToArray());
        Assert.Equal([3f, 4f, 5f, 60f], rows.GetTensorData<float>().ToArray());
        Assert.Equal(60f, data[5]);
        Assert.Equal(whole.Device, rows.Device);
        Assert.Equal(4 * sizeof(float), rows.ByteCount);
    }

    [Fact]
    public void SliceRows_KeepsTheSourceAliveAfterItIsDisposed()
    {
        OrtValue whole = OrtValue.Allocate<long>([4, 3]);
        whole.GetTensorData<long>()[9] = 42;
        using OrtValue last = whole.SliceRows(3, 1);

        whole.Dispose(); // the native value is released once the view is

        Assert.Equal([42L, 0L, 0L], last.GetTensorData<long>().ToArray());
    }

    [Fact]
    public void SliceRows_ViewBoundAsOutput_ReceivesOnlyItsRows()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        float[] sums = new float[9];
        using OrtValue all = OrtValue.CreateTensor<float>(sums, [3, 3]);
        using OrtValue a = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f }, [1, 3]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", a);
        binding.BindInput("b", a);
        using (OrtValue middle = all.SliceRows(1, 1))
        {
            binding.BindOutput("sum", middle);
        }

        binding.Run();

        Assert.Equal([0f, 0f, 0f, 2f, 4f, 6f, 0f, 0f, 0f], sums);
    }

    [Fact]
    public void SliceRows_PastTheRowsOrOfAScalar_IsAClearError()
    {
        using OrtValue matrix = OrtValue.CreateTensor<float>(new float[6], [3, 2]);
        using OrtValue scalar = OrtValue.CreateTensor<float>(new float[1], []);

        var past = Assert.Throws<ArgumentOutOfRangeException>(() => matrix.SliceRows(2, 2));
        var none = Assert.Throws<InvalidOperationException>(() => scalar.SliceRows(0, 1));

        Assert.Contains("Rows 2..4 are past the 3 rows", past.Message, StringComparison.Ordinal);
        Assert.Contains("is a scalar", none.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.SliceRows(-1, 1));
    }

    [CudaFact]
    public void SliceRows_OfADeviceTensor_IsADeviceTensor()
    {
        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Provider = ProviderSpec.Parse("cuda") });
        using OrtValue a = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [2, 3]);
        using OrtMemoryInfo cuda = OrtMemoryInfo.CreateCuda();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", a);
        binding.BindInput("b", a);
        binding.BindOutputToDevice("sum", cuda);
        binding.Run();
        using OrtValue sum = Assert.Single(binding.GetOutputValues());

        using OrtValue second = sum.SliceRows(1, 1);
        using OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();
        using OrtValue zeros = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        using OrtIoBinding back = session.CreateIoBinding();
        back.BindInput("a", second);
        back.BindInput("b", zeros);
        back.BindOutputToDevice("sum", cpu);
        back.Run();

        Assert.Equal("Cuda", second.Device);
        using OrtValue onHost = Assert.Single(back.GetOutputValues());
        Assert.Equal([8f, 10f, 12f], onHost.GetTensorData<float>().ToArray());
    }
}
