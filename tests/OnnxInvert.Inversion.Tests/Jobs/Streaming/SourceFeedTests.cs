using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Streaming;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Streaming;

/// <summary>Targets streamed a batch ahead from a folder, an .npy and a manifest give the buffered path's results, with a bounded read-ahead.</summary>
public sealed class SourceFeedTests : IDisposable
{
    private const int Images = 300;

    private readonly TempFolder _temp = new();
    private readonly string _model;
    private readonly Generator _generator;

    public SourceFeedTests()
    {
        _model = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        _generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
    }

    public void Dispose()
    {
        _generator.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("npy")]
    [InlineData("folder")]
    [InlineData("manifest")]
    public void Streamed_GivesTheBufferedResults_ReadingAtMostTheBoundAtATime(string kind)
    {
        string path = kind switch { "npy" => WriteNpy(), "folder" => WriteFolder(), _ => WriteManifest() };
        using var inverter = Inverter.Create(_generator, Options());
        var format = new TargetFormat(inverter.ImageShape, _generator.OutputRange);
        var source = new CountingSource(TargetSource.Open(path, format));
        int[] all = [.. Enumerable.Range(0, source.Count)];
        var buffered = inverter.Invert(source.Inner.Read(all)).ToDictionary(r => r.Index);

        var feed = new SourceFeed(source, all, bound: 2 * 4);
        var streamed = new List<InversionResult>();
        using (var run = inverter.Start(feed))
        {
            while (!run.IsDone)
            {
                run.Step();
                while (run.Completed.TryDequeue(out var result))
                {
                    streamed.Add(result);
                }
            }
        }

        Assert.Equal(Images, source.Count);
        Assert.Equal(Images, streamed.Count);
        Assert.Equal(Images, source.ImagesRead);
        Assert.InRange(source.LargestRead, 1, 8);
        Assert.InRange(feed.MostHeld, 1, 8);
        foreach (var result in streamed)
        {
            var expected = buffered[result.Index];
            Assert.Equal(expected.Source, result.Source);
            Assert.Equal(expected.Steps, result.Steps);
            Assert.Equal(expected.Latent, result.Latent);
            Assert.Equal(expected.Loss, result.Loss);
        }
    }

    [Fact]
    public void Job_OverALargeNpy_GivesTheBufferedRows()
    {
        string path = WriteNpy();
        using var inverter = Inverter.Create(_generator, Options());
        var source = TargetSource.Open(path, new TargetFormat(inverter.ImageShape, _generator.OutputRange));
        var buffered = inverter.Invert(source.Read([.. Enumerable.Range(0, Images)])).Select(ResultRow.From).ToDictionary(r => r.Index);

        var job = new InversionJob { Generator = _generator, Inverter = inverter, Targets = source };
        var rows = job.Run().Rows;

        Assert.Equal(Images, rows.Count);
        Assert.All(rows, r => Assert.Equal(buffered[r.Index] with { Seconds = 0 }, r with { Seconds = 0 }));
    }

    [Fact]
    public void Npy_WithANaNFarIn_IsRefusedWhenOpened_NamingItsIndexInTheWholeArray()
    {
        int chunk = NpyTargetSource.CheckChunkBytes / (4 * sizeof(float)); // rows of 1x2x2 floats the opening check reads at a time
        int rows = chunk + 100;
        float[] data = new float[rows * 4];
        Array.Fill(data, 0.5f);
        int bad = (chunk + 7) * 4; // past the first chunk: the index must count the rows before it
        data[bad + 2] = float.NaN;
        string path = _temp.File("nan.npy");
        NpyFile.Write(path, NpyArray.Create<float>(data, [rows, 1, 2, 2]));

        var error = Assert.Throws<NonFiniteDataException>(() => TargetSource.Open(path, new TargetFormat([1, 2, 2], _generator.OutputRange)));
        Assert.Equal(bad + 2, error.FlatIndex);
        Assert.Equal([chunk + 7, 0, 1, 0], error.Index);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Npy_OutOfRangeFarIn_IsRefusedNamingTheImage()
    {
        float[] data = Pixels();
        data[(290 * 4) + 1] = 9;
        string path = _temp.File("range.npy");
        NpyFile.Write(path, NpyArray.Create<float>(data, [Images, 1, 2, 2]));

        var error = Assert.Throws<TargetRangeException>(() => TargetSource.Open(path, new TargetFormat([1, 2, 2], _generator.OutputRange)));
        Assert.Contains($"index {(290 * 4) + 1} (image 290)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Npy_ReadsRowsOfOtherDtypes_AsTheWholeFileWould()
    {
        double[] values = [.. Pixels().Select(v => (double)v)];
        string path = _temp.File("f8.npy");
        NpyFile.Write(path, NpyArray.Create<double>(values, [Images, 1, 2, 2]));
        var source = TargetSource.Open(path, new TargetFormat([1, 2, 2], _generator.OutputRange));

        var rows = source.Read([5, 6, 7, 120]);

        float[] whole = NpyFile.Read(path).ToSingleArray();
        Assert.Equal([.. whole.AsSpan(5 * 4, 12).ToArray(), .. whole.AsSpan(120 * 4, 4).ToArray()], rows.Data);
        Assert.Equal(["f8.npy[5]", "f8.npy[6]", "f8.npy[7]", "f8.npy[120]"], rows.Names);
    }

    private float[] Pixels()
    {
        var random = new Random(3);
        float[] latents = [.. Enumerable.Range(0, Images * 4).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))];
        return _generator.Generate(latents, Images).Images;
    }

    private string WriteNpy()
    {
        string path = _temp.File("targets.npy");
        NpyFile.Write(path, NpyArray.Create<float>(Pixels(), [Images, 1, 2, 2]));
        return path;
    }

    private string WriteFolder()
    {
        string folder = _temp.File("images");
        Directory.CreateDirectory(folder);
        float[] pixels = Pixels();
        for (int i = 0; i < Images; i++)
        {
            byte[] bytes = [.. pixels.AsSpan(i * 4, 4).ToArray().Select(v => (byte)Math.Round(v * 255))];
            File.WriteAllBytes(Path.Combine(folder, $"img{i:D4}.png"), PngFile.Encode(new DecodedImage($"img{i}", 2, 2, 1, bytes)));
        }

        return folder;
    }

    private string WriteManifest()
    {
        string folder = WriteFolder();
        string manifest = _temp.File("list.txt");
        File.WriteAllLines(manifest, Directory.GetFiles(folder).Order(StringComparer.Ordinal).Reverse().Select(f => Path.Combine("images", Path.GetFileName(f))));
        return manifest;
    }

    private static InversionOptions Options() => new()
    {
        Steps = 3,
        BatchSize = 4,
        Seed = 2,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
    };

    /// <summary>Counts what is read through it.</summary>
    private sealed class CountingSource(TargetSource inner) : TargetSource
    {
        public TargetSource Inner => inner;

        public int ImagesRead { get; private set; }

        public int LargestRead { get; private set; }

        public override string Path => inner.Path;

        public override int Count => inner.Count;

        public override string Name(int index) => inner.Name(index);

        public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null) => throw new InvalidOperationException("a streaming job reads feed targets");

        public override IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
        {
            ImagesRead += indices.Count;
            LargestRead = Math.Max(LargestRead, indices.Count);
            return inner.ReadTargets(indices);
        }
    }
}
