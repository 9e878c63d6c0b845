using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

/// <summary>Leak and allocation accounting; runs alone so other tests do not move the process's memory.</summary>
[Collection(MemoryCollection.Name)]
public sealed class OrtSessionMemoryTests
{
    private const int Rows = 4096;

    [Fact]
    public void Run_10000TimesDisposingOutputs_ResidentMemoryStaysFlat()
    {
        // Each run's inputs and output are 4096×3 floats (48 KiB each): 10,000 leaked outputs alone would be ~470 MiB.
        // Measured here: a plateau within a few MiB; the bound leaves room for the GC committing its gen0 budget.
        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { IntraOpThreads = 1 });
        float[] a = Enumerable.Range(0, Rows * 3).Select(i => (float)i).ToArray();
        float[] b = new float[Rows * 3];

        RunMany(session, a, b, 2_000);
        long before = ResidentBytes();
        RunMany(session, a, b, 10_000);
        long after = ResidentBytes();

        long growth = after - before;
        Assert.True(growth < 64L << 20, $"resident memory grew by {growth / (1 << 20)} MiB over 10,000 runs (before {before >> 20} MiB, after {after >> 20} MiB)");
    }

    [Fact]
    public void Run_PreallocatedOutputs_AllocatesNoManagedMemoryPerCall()
    {
        using var session = OrtSession.FromBytes(Models.AddAndMul(), new SessionSettings { IntraOpThreads = 1 });
        using OrtValue a = OrtValue.CreateTensor<float>(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using OrtValue b = OrtValue.CreateTensor<float>(new float[] { 6, 5, 4, 3, 2, 1 }, [2, 3]);
        float[] sum = new float[6];
        using OrtValue sumValue = OrtValue.CreateTensor<float>(sum, [2, 3]);
        using OrtValue productValue = OrtValue.Allocate<float>([2, 3]);
        (string, OrtValue)[] inputs = [("a", a), ("b", b)];
        (string, OrtValue)[] outputs = [("sum", sumValue), ("product", productValue)];
        for (int i = 0; i < 200; i++)
        {
            session.Run(inputs, outputs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            session.Run(inputs, outputs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal([7f, 7f, 7f, 7f, 7f, 7f], sum);
        Assert.Equal([6f, 10f, 12f, 12f, 10f, 6f], productValue.GetTensorData<float>().ToArray());
    }

    private static void RunMany(OrtSession session, float[] a, float[] b, int runs)
    {
        for (int i = 0; i < runs; i++)
        {
            using OrtValue va = OrtValue.CreateTensor<float>(a, [Rows, 3]);
            using OrtValue vb = OrtValue.CreateTensor<float>(b, [Rows, 3]);
            IReadOnlyList<OrtValue> outputs = session.Run([("a", va), ("b", vb)], ["sum"]);
            foreach (OrtValue output in outputs)
            {
                output.Dispose();
            }
        }
    }

    private static long ResidentBytes()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // /proc/self/statm: size resident shared text lib data dt, in pages.
        string[] fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
