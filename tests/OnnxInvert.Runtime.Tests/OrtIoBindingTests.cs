using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

public sealed class OrtIoBindingTests
{
    [Fact]
    public void Run_BoundInputsAndPreallocatedOutput_WritesTheOutput()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        float[] a = [1, 2, 3];
        float[] sum = new float[3];
        using OrtValue va = OrtValue.CreateTensor<float>(a, [1, 3]);
        using OrtValue vb = OrtValue.CreateTensor<float>(new[] { 10f, 10f, 10f }, [1, 3]);
        using OrtValue vsum = OrtValue.CreateTensor<float>(sum, [1, 3]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", vb);
        binding.BindOutput("sum", vsum);

        binding.Run();
        Assert.Equal([11f, 12f, 13f], sum);
        a[0] = -10;
        binding.Run();

        Assert.Equal([0f, 12f, 13f], sum);
    }

    [Fact]
    public void Run_OutputBoundToCpu_ReturnsOutputsInBindingOrder()
    {
        using var session = OrtSession.FromBytes(Models.AddAndMul());
        using OrtValue va = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [2, 3]);
        using OrtValue vb = OrtValue.CreateTensor<float>(new[] { 2f, 2f, 2f, 2f, 2f, 2f }, [2, 3]);
        using OrtMemoryInfo cpu = OrtMemoryInfo.CreateCpu();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", vb);
        binding.BindOutputToDevice("product", cpu);
        binding.BindOutputToDevice("sum", cpu);

        binding.Run();
        IReadOnlyList<OrtValue> outputs = binding.GetOutputValues();
        try
        {
            Assert.Equal(2, outputs.Count);
            Assert.Equal([2L, 3L], outputs[0].Shape.ToArray());
            Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], outputs[0].GetTensorData<float>().ToArray());
            Assert.Equal([3f, 4f, 5f, 6f, 7f, 8f], outputs[1].GetTensorData<float>().ToArray());
        }
        finally
        {
            foreach (OrtValue output in outputs)
            {
                output.Dispose();
            }
        }
    }

    [Fact]
    public void BindInput_SameNameAgain_UsesTheNewValue()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Float));
        using OrtValue first = OrtValue.CreateTensor<float>(new[] { 1f, 0f }, [1, 2]);
        using OrtValue second = OrtValue.CreateTensor<float>(new[] { 0f, 1f }, [1, 2]);
        using OrtValue y = OrtValue.Allocate<float>([1, 3]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindOutput("y", y);
        binding.BindInput("x", first);

        binding.BindInput("x", second);
        binding.Run();

        Assert.Equal([4f, 5f, 6f], y.GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Run_AfterClearInputs_ThrowsOrtException()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Float));
        using OrtValue x = OrtValue.CreateTensor<float>(new[] { 1f, 0f }, [1, 2]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("x", x);
        binding.BindOutputToDevice("y", OrtMemoryInfo.CreateCpu());

        binding.ClearInputs();

        Assert.Throws<OrtException>(binding.Run);
    }

    [Fact]
    public void Run_BoundValueDisposedMeanwhile_StillRunsOnItsMemory()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Float));
        OrtValue x = OrtValue.CreateTensor<float>(new[] { 1f, 1f }, [1, 2]);
        using OrtValue y = OrtValue.Allocate<float>([1, 3]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("x", x);
        binding.BindOutput("y", y);

        x.Dispose();
        binding.Run();

        Assert.Equal([5f, 7f, 9f], y.GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Disposed_Bind_ThrowsObjectDisposed()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        OrtIoBinding binding = session.CreateIoBinding();
        binding.Dispose();
        binding.Dispose();

        Assert.True(binding.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => binding.BindInput("a", value));
        Assert.Throws<ObjectDisposedException>(binding.Run);
    }
}
