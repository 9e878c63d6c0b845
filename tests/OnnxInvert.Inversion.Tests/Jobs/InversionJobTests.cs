using System.Globalization;
using System.Text.Json;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>The job layer from C#: the README example, resume after interruption, summary and curve over all runs.</summary>
public sealed class InversionJobTests : IDisposable
{
    private const int Images = 5;

    private readonly TempFolder _temp = new();
    private readonly string _model;
    private readonly string _images;

    public InversionJobTests()
    {
        _model = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        using var generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        var random = new Random(5);
        float[] latents = [.. Enumerable.Range(0, Images * 4).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))];
        var (images, _) = generator.Generate(latents, Images);
        _images = _temp.File("targets.npy");
        NpyFile.Write(_images, NpyArray.Create<float>(images, [Images, 1, 2, 2]));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadmeSnippet_IsTheExampleThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        string source = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "OnnxInvert.Inversion.Tests", "Jobs", "ReadmeExample.cs"));
        int begin = source.IndexOf("// readme-begin", StringComparison.Ordinal);
        int end = source.IndexOf("        // readme-end", StringComparison.Ordinal);
        string[] lines = source[begin..end].Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.StartsWith("        ", StringComparison.Ordinal) ? l[8..] : l).ToArray();

        Assert.NotEmpty(lines);
        Assert.Contains(string.Join('\n', lines), readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeExample_InterruptedThenRunAgain_FinishesLikeAnUninterruptedRun()
    {
        var full = ReadmeExample.Run(_model, _images, _temp.File("full"), CancellationToken.None);
        Assert.Throws<OperationCanceledException>(() => RunCancelledAfter(_temp.File("cut"), iterations: 250));
        int cut = ReadPartial(_temp.File("cut"));
        Assert.InRange(cut, 1, Images - 1);

        var resumed = ReadmeExample.Run(_model, _images, _temp.File("cut"), CancellationToken.None);

        Assert.Equal(Images, full.Rows.Count);
        Assert.Equal(cut, resumed.Resumed);
        Assert.Equal(Images, resumed.Rows.Count);
        Assert.Equal(Latents("full"), Latents("cut"));
    }

    [Fact]
    public void Resume_SummaryAndCurve_CoverEveryRun()
    {
        string dir = _temp.File("run");
        Assert.Throws<OperationCanceledException>(() => RunCancelledAfter(dir, iterations: 40));
        long first = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.StateFile))).RootElement.GetProperty("iterations").GetInt64();
        Assert.Equal(40, first);

        var outcome = ReadmeExample.Run(_model, _images, dir, CancellationToken.None);

        long total = outcome.Timing.Iterations;
        Assert.Equal(first + outcome.Timing.RunIterations, total);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.SummaryFile))).RootElement;
        Assert.Equal(total, summary.GetProperty("iterations").GetInt64());
        Assert.True(summary.GetProperty("sample_steps").GetInt64() > outcome.Timing.RunSampleSteps, "sample steps count the first run too");
        string[] curve = File.ReadAllLines(Path.Combine(dir, RunFolder.CurveFile));
        Assert.Equal(LossCurve.CsvHeader, curve[0]);
        long[] iterations = [.. curve.Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture))];
        Assert.Equal([.. Enumerable.Range(1, (int)total).Select(i => (long)i)], iterations);
    }

    [Fact]
    public void Resume_WithOtherOptions_IsRefused()
    {
        string dir = _temp.File("run");
        Assert.Throws<OperationCanceledException>(() => RunCancelledAfter(dir, iterations: 10));

        using var generator = Generator.Open(_model);
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 201, BatchSize = 4 });
        using var folder = RunFolder.Open(dir, new RunFolderOptions { Resume = true });
        var job = new InversionJob { Generator = generator, Inverter = inverter, Targets = TargetSource.Open(_images, new TargetFormat(inverter.ImageShape, generator.OutputRange)), Folder = folder };

        Assert.Equal(RunFolderProblem.OtherRun, Assert.Throws<RunFolderException>(() => job.Run()).Problem);
    }

    [Fact]
    public void WithoutAFolder_ResultsStayInMemory()
    {
        using var generator = Generator.Open(_model);
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 20, BatchSize = 2 });
        var job = new InversionJob { Generator = generator, Inverter = inverter, Targets = TargetSource.Open(_images, new TargetFormat(inverter.ImageShape, generator.OutputRange)) };

        var outcome = job.Run();

        Assert.Equal([0, 1, 2, 3, 4], outcome.Rows.Select(r => r.Index));
        Assert.Equal(Images, outcome.Summary["images"]);
        Assert.Equal(["g.onnx", "targets.npy"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>The README's job on <paramref name="dir"/>, cancelled after <paramref name="iterations"/> iterations (so it throws).</summary>
    private long RunCancelledAfter(string dir, int iterations)
    {
        using var cancel = new CancellationTokenSource();
        using var generator = Generator.Open(_model);
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 200, BatchSize = 4 });
        using var folder = RunFolder.Open(dir, new RunFolderOptions { Resume = true, Inputs = [_images] });
        var job = new InversionJob
        {
            Generator = generator,
            Inverter = inverter,
            Targets = TargetSource.Open(_images, new TargetFormat(inverter.ImageShape, generator.OutputRange)),
            Folder = folder,
            Progress = new Relay(p =>
            {
                if (p.Iteration >= iterations)
                {
                    cancel.Cancel();
                }
            }),
        };
        return job.Run(cancel.Token).Timing.Iterations;
    }

    private static int ReadPartial(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.StateFile))).RootElement.GetProperty("finished").GetInt32();

    private float[] Latents(string name) => NpyFile.Read(Path.Combine(_temp.File(name), RunFolder.LatentsFile)).ToSingleArray();

    private sealed class Relay(Action<InversionProgress> report) : IProgress<InversionProgress>
    {
        public void Report(InversionProgress value) => report(value);
    }
}
