using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

public sealed class OrtSessionRunTests
{
    [Fact]
    public void Run_AddModelFloat32_ReturnsSum()
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Float));

        Assert.Equal([11f, 22f, 33f], ModelRuns.RunAdd(session, [1f, 2f, 3f], [10f, 20f, 30f]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_WithTheMemoryPatternOnOrOff_ReturnsTheSameSumRunAfterRun(bool pattern)
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Float), new SessionSettings { MemoryPattern = pattern });

        for (int run = 0; run < 3; run++)
        {
            Assert.Equal([11f, 22f, 33f], ModelRuns.RunAdd(session, [1f, 2f, 3f], [10f, 20f, 30f]));
        }
    }

    [Fact]
    public void Run_AddModelFloat64_ReturnsSum()
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Double));

        Assert.Equal([0.75, -1.5, 1e300], ModelRuns.RunAdd(session, [0.5, -1.0, 1e300], [0.25, -0.5, 0.0]));
    }

    [Fact]
    public void Run_AddModelInt64_ReturnsSum()
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Int64));

        Assert.Equal([long.MaxValue, 0L, 7L], ModelRuns.RunAdd(session, [long.MaxValue - 1, -5L, 3L], [1L, 5L, 4L]));
    }

    [Fact]
    public void Run_AddModelInt32_ReturnsSum()
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Int32));

        Assert.Equal([3, 5, 7], ModelRuns.RunAdd(session, [1, 2, 3], [2, 3, 4]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Run_MatMulFloat32DynamicBatch_ReturnsProductWithBatchRows(int batch)
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Float));
        float[] x = Enumerable.Range(0, batch * 2).Select(i => (float)i).ToArray();
        using OrtValue input = OrtValue.CreateTensor<float>(x, [batch, 2]);

        using OrtValue y = Assert.Single(session.Run([("x", input)], ["y"]));

        Assert.Equal([batch, 3L], y.Shape.ToArray());
        float[] expected = Enumerable.Range(0, batch).SelectMany(r => new[]
        {
            (x[2 * r] * 1) + (x[(2 * r) + 1] * 4),
            (x[2 * r] * 2) + (x[(2 * r) + 1] * 5),
            (x[2 * r] * 3) + (x[(2 * r) + 1] * 6),
        }).ToArray();
        Assert.Equal(expected, y.GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Run_MatMulFloat64_ReturnsProduct()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Double));
        using OrtValue input = OrtValue.CreateTensor<double>(new[] { 1.0, 0.5, -1.0, 2.0 }, [2, 2]);

        using OrtValue y = Assert.Single(session.Run([("x", input)], ["y"]));

        Assert.Equal([3.0, 4.5, 6.0, 7.0, 8.0, 9.0], y.GetTensorData<double>().ToArray());
    }

    [Fact]
    public void Run_MatMulInt64_ReturnsProduct()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Int64));
        using OrtValue input = OrtValue.CreateTensor<long>(new long[] { 2, 1 }, [1, 2]);

        using OrtValue y = Assert.Single(session.Run([("x", input)], ["y"]));

        Assert.Equal([6L, 9L, 12L], y.GetTensorData<long>().ToArray());
    }

    [Fact]
    public void Run_ListOverload_TwoOutputsInRequestedOrder()
    {
        using var session = OrtSession.FromBytes(Models.AddAndMul());
        using OrtValue a = OrtValue.CreateTensor<float>(new[] { 2f, 3f, 4f }, [1, 3]);
        using OrtValue b = OrtValue.CreateTensor<float>(new[] { 5f, 6f, 7f }, [1, 3]);
        var feeds = new List<(string, OrtValue)> { ("a", a), ("b", b) };

        IReadOnlyList<OrtValue> outputs = session.Run(feeds, new List<string> { "product", "sum" });
        try
        {
            Assert.Equal([10f, 18f, 28f], outputs[0].GetTensorData<float>().ToArray());
            Assert.Equal([7f, 9f, 11f], outputs[1].GetTensorData<float>().ToArray());
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
    public void Run_InputOverManagedArray_SeesLaterChangesWithoutCopy()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        float[] a = [1, 2, 3];
        float[] b = [0, 0, 0];
        using OrtValue va = OrtValue.CreateTensor<float>(a, [1, 3]);
        using OrtValue vb = OrtValue.CreateTensor<float>(b, [1, 3]);

        float[] first = RunSum(session, va, vb);
        a[1] = 100;
        b[2] = -3;
        float[] second = RunSum(session, va, vb);

        Assert.Equal([1f, 2f, 3f], first);
        Assert.Equal([1f, 100f, 0f], second);
    }

    [Fact]
    public void Run_PreallocatedOutputOverManagedArray_WritesIntoTheArray()
    {
        using var session = OrtSession.FromBytes(Models.AddAndMul());
        float[] sum = new float[3];
        float[] product = new float[3];
        using OrtValue a = OrtValue.CreateTensor<float>(new[] { 1f, 2f, 3f }, [1, 3]);
        using OrtValue b = OrtValue.CreateTensor<float>(new[] { 4f, 5f, 6f }, [1, 3]);
        using OrtValue sumValue = OrtValue.CreateTensor<float>(sum, [1, 3]);
        using OrtValue productValue = OrtValue.CreateTensor<float>(product, [1, 3]);

        session.Run([("a", a), ("b", b)], [("sum", sumValue), ("product", productValue)]);

        Assert.Equal([5f, 7f, 9f], sum);
        Assert.Equal([4f, 10f, 18f], product);
    }

    [Fact]
    public void Run_PreallocatedAllocatedOutput_WritesIntoTheValue()
    {
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Float));
        using OrtValue x = OrtValue.CreateTensor<float>(new[] { 1f, 1f }, [1, 2]);
        using OrtValue y = OrtValue.Allocate<float>([1, 3]);

        session.Run([("x", x)], [("y", y)]);

        Assert.Equal([5f, 7f, 9f], y.GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Run_BoolModel_ReturnsNegation()
    {
        using var session = OrtSession.FromBytes(Models.Not());
        using OrtValue x = OrtValue.CreateTensor<bool>(new[] { true, false, false }, [3]);

        using OrtValue y = Assert.Single(session.Run([("x", x)], ["y"]));

        Assert.Equal(TensorElementType.Bool, y.ElementType);
        Assert.Equal([false, true, true], y.GetTensorData<bool>().ToArray());
    }

    [Fact]
    public void Run_FromManyThreadsAtOnce_EachGetsItsOwnResult()
    {
        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { IntraOpThreads = 1 });

        Parallel.For(0, 64, i =>
        {
            float[] result = ModelRuns.RunAdd(session, [i, i, i], [1f, 2f, 3f]);
            Assert.Equal([i + 1f, i + 2f, i + 3f], result);
        });
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.Disabled)]
    [InlineData(GraphOptimizationLevel.Basic)]
    [InlineData(GraphOptimizationLevel.Extended)]
    [InlineData(GraphOptimizationLevel.All)]
    public void Run_AnyOptimisationLevelAndThreadCounts_SameResult(GraphOptimizationLevel level)
    {
        var settings = new SessionSettings { GraphOptimization = level, IntraOpThreads = 2, InterOpThreads = 1 };
        using var session = OrtSession.FromBytes(Models.MatMul(TensorElementType.Double), settings);
        using OrtValue x = OrtValue.CreateTensor<double>(new[] { 1.0, 2.0 }, [1, 2]);

        using OrtValue y = Assert.Single(session.Run([("x", x)], ["y"]));

        Assert.Equal([9.0, 12.0, 15.0], y.GetTensorData<double>().ToArray());
    }

    private static float[] RunSum(OrtSession session, OrtValue a, OrtValue b)
    {
        using OrtValue sum = Assert.Single(session.Run([("a", a), ("b", b)], ["sum"]));
        return sum.GetTensorData<float>().ToArray();
    }
}
