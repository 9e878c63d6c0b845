using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>
/// The run folder's tables, appended in place: the files equal the whole tables written at once, a kill loses only
/// what was not committed (a torn tail is cut on resume), and nothing per finished image stays in memory.
/// </summary>
[Collection(RunFolderMemoryCollection.Name)]
public sealed class RunFolderTablesTests : IDisposable
{
    private static readonly int[] LatentShape = [4];
    private static readonly int[] ImageShape = [1, 3, 3];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ImagesFinishingOutOfOrder_LeaveTheTablesTheWholeFileWritesGave()
    {
        string dir = _temp.File("run");
        int[] order = [4, 1, 0, 3];
        using (var folder = RunFolder.Open(dir))
        {
            folder.Begin(new Targets(6), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 2);
            foreach (int i in order)
            {
                folder.Add(Result(i));
            }

            folder.Flush();
            Assert.Equal([2, 5], folder.Pending);
        }

        float[] latents = new float[6 * 4];
        float[] reconstructions = new float[6 * 9];
        foreach (int i in order)
        {
            Latent(i).CopyTo(latents, i * 4);
            Image(i).CopyTo(reconstructions, i * 9);
        }

        AssertSameBytes(dir, RunFolder.LatentsFile, NpyArray.Create<float>(latents, [6, .. LatentShape]));
        AssertSameBytes(dir, RunFolder.ReconstructionsFile, NpyArray.Create<float>(reconstructions, [6, .. ImageShape]));
        Assert.Equal(ResultRow.CsvHeader + "\n" + string.Concat(order.Order().Select(i => ResultRow.From(Result(i)).ToCsv() + "\n")), File.ReadAllText(Path.Combine(dir, RunFolder.MetricsFile)));
        var index = new StringBuilder(RunFolder.IndexHeader + "\n");
        for (int i = 0; i < 6; i++)
        {
            bool done = order.Contains(i);
            index.Append(CultureInfo.InvariantCulture, $"{i},img-{i}.png,{(done ? "true" : "false")},{(done ? $"reconstructions/{i:D5}.png" : string.Empty)},{(done ? "done" : "pending")}\n");
        }

        index.Append(",broken.png,false,,skipped\n");
        Assert.Equal(index.ToString(), File.ReadAllText(Path.Combine(dir, RunFolder.IndexFile)));
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.StateFile)))!;
        Assert.Equal(4, state["finished"]!.GetValue<int>());
        Assert.Equal(new FileInfo(Path.Combine(dir, RunFolder.MetricsFile)).Length, state["metrics_bytes"]!.GetValue<long>());
    }

    [Fact]
    public void AKillAfterACommit_LosesOnlyTheUncommittedImages_AndResumeCutsTheTornTail()
    {
        string dir = _temp.File("run");
        using (var folder = RunFolder.Open(dir))
        {
            folder.Begin(new Targets(5), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 2);
            folder.Add(Result(0));
            folder.Add(Result(1)); // committed here
            folder.Add(Result(2)); // written, not committed
        }

        File.AppendAllText(Path.Combine(dir, RunFolder.MetricsFile), "3,img-3.png,0.1,0", new UTF8Encoding(false)); // a row cut by the kill

        using (var folder = RunFolder.Open(dir, new RunFolderOptions { Resume = true }))
        {
            folder.Begin(new Targets(5), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 2);
            Assert.Equal(2, folder.Resumed);
            Assert.Equal([2, 3, 4], folder.Pending);
            foreach (int i in folder.Pending)
            {
                folder.Add(Result(i));
            }

            folder.Flush();
            Assert.Equal(Enumerable.Range(0, 5).Select(i => ResultRow.From(Result(i))), folder.Rows);
        }

        Assert.Equal(ResultRow.CsvHeader + "\n" + string.Concat(Enumerable.Range(0, 5).Select(i => ResultRow.From(Result(i)).ToCsv() + "\n")), File.ReadAllText(Path.Combine(dir, RunFolder.MetricsFile)));
    }

    [Fact]
    public void AStateThatCommitsMoreThanTheTableHolds_IsRefusedNamingTheFile()
    {
        string dir = _temp.File("run");
        using (var folder = RunFolder.Open(dir))
        {
            folder.Begin(new Targets(3), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 1);
            folder.Add(Result(0));
        }

        using (var stream = new FileStream(Path.Combine(dir, RunFolder.MetricsFile), FileMode.Open))
        {
            stream.SetLength(stream.Length - 5); // lost bytes the state says are committed
        }

        using var again = RunFolder.Open(dir, new RunFolderOptions { Resume = true });
        var ex = Assert.Throws<RunFolderException>(() => again.Begin(new Targets(3), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 1));
        Assert.Equal(RunFolderProblem.Unreadable, ex.Problem);
        Assert.Contains(RunFolder.MetricsFile, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinishedImages_LeaveNothingPerImageInMemory()
    {
        const int images = 4000;
        string dir = _temp.File("run");
        using var folder = RunFolder.Open(dir);
        folder.Begin(new Targets(images), LatentShape, ImageShape, PixelRange.ZeroToOne, "fp", flushEvery: 64);
        for (int i = 0; i < 100; i++)
        {
            folder.Add(Result(i)); // warm up (JIT, buffers)
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 100; i < images; i++)
        {
            folder.Add(Result(i));
        }

        folder.Commit();
        long after = GC.GetTotalMemory(forceFullCollection: true);

        // The folder keeps where each metrics row lies (allocated at Begin); an image's latent, reconstruction and row
        // (here about 200 bytes of floats and a ~150-byte row object each) must not stay: 3,900 of them would be ~1 MB.
        Assert.True(after - before < 128 * 1024, $"retained {after - before} bytes over {images - 100} finished images");
        Assert.Equal(images, folder.Finished);
        GC.KeepAlive(folder);
    }

    private static float[] Latent(int i) => [i, -i, 0.5f, i * 0.25f];

    private static float[] Image(int i) => [.. Enumerable.Range(0, 9).Select(p => ((i + p) % 10) / 10f)];

    private static InversionResult Result(int i) => new()
    {
        Index = i,
        Source = $"img-{i}.png",
        Latent = Latent(i),
        Reconstruction = Image(i),
        Loss = 0.5f / (i + 1),
        Penalty = 0.125f,
        Mse = 0.01 * (i + 1),
        Mae = 0.05,
        Psnr = 20 + i,
        Steps = 10,
        Converged = i % 2 == 0,
        Restart = 0,
        Reinitializations = 0,
        Seconds = 0.5 * i,
    };

    private static void AssertSameBytes(string dir, string file, NpyArray whole)
    {
        using var expected = new MemoryStream();
        NpyFile.Write(expected, whole);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(Path.Combine(dir, file)));
    }

    /// <summary>Named targets (img-i.png) with one skipped file; their pixels are never read here.</summary>
    private sealed class Targets(int count) : TargetSource
    {
        public override string Path => "targets";

        public override int Count => count;

        public override IReadOnlyList<string> Skipped => ["broken.png"];

        public override string Name(int index) => $"img-{index}.png";

        public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null) =>
            new(new float[indices.Count * 9], indices.Count, [.. indices.Select(Name)], [.. indices]);
    }
}

/// <summary>Tests that measure the process's managed memory run in this collection, apart from all others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunFolderMemoryCollection
{
    public const string Name = "Run folder memory";
}
