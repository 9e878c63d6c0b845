using System.Text.Json;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>A cancelled job with a folder checkpoints its images in flight; the resume takes the checkpoint up or refuses one that does not fit.</summary>
public sealed class InversionJobCheckpointTests : IDisposable
{
    private const int Images = 5;

    private readonly TempFolder _temp = new();
    private readonly string _model;
    private readonly string _images;

    public InversionJobCheckpointTests()
    {
        _model = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        using var generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        var random = new Random(5);
        float[] latents = [.. Enumerable.Range(0, Images * 4).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))];
        _images = _temp.File("targets.npy");
        NpyFile.Write(_images, NpyArray.Create<float>(generator.Generate(latents, Images).Images, [Images, 1, 2, 2]));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Cancelled_WritesTheImagesInFlight_AndTheResumeConsumesThem_EndingLikeAnUninterruptedRun()
    {
        int checkpointed = -1;
        Assert.Throws<OperationCanceledException>(() => Run("cut", cancelAfter: 30, n => checkpointed = n));
        string path = Path.Combine(_temp.File("cut"), RunFolder.CheckpointFile);
        Assert.True(File.Exists(path));
        Assert.Equal(2, checkpointed); // the batch of 2 was busy

        var resumed = Run("cut");
        var full = Run("full");

        Assert.False(File.Exists(path));
        Assert.Equal(full.Rows.Select(r => (r.Index, r.Loss, r.Steps)), resumed.Rows.Select(r => (r.Index, r.Loss, r.Steps)));
    }

    [Fact]
    public void Resume_WithACheckpointThatDoesNotFitTheModel_IsRefusedNamingTheFile()
    {
        Assert.Throws<OperationCanceledException>(() => Run("cut", cancelAfter: 30));
        string dir = _temp.File("cut");
        string path = Path.Combine(dir, RunFolder.CheckpointFile);
        string fingerprint = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.StateFile))).RootElement.GetProperty("fingerprint").GetString()!;
        var checkpoint = CheckpointDocument.Read(path, fingerprint, dir, out _);
        CheckpointDocument.Write(path, fingerprint, 2, checkpoint with { Slots = [checkpoint.Slots[0] with { Latents = [[1f, 2f, 3f]] }] });

        var error = Assert.Throws<RunFolderException>(() => Run("cut"));

        Assert.Equal(RunFolderProblem.Unreadable, error.Problem);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("3 values", error.Message, StringComparison.Ordinal);
    }

    private JobResult Run(string name, int cancelAfter = int.MaxValue, Action<int>? checkpointed = null)
    {
        using var cancel = new CancellationTokenSource();
        using var generator = Generator.Open(_model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 40, BatchSize = 2, Seed = 3, Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam } });
        using var folder = RunFolder.Open(_temp.File(name), new RunFolderOptions { Resume = true, Inputs = [_images] });
        var job = new InversionJob
        {
            Generator = generator,
            Inverter = inverter,
            Targets = TargetSource.Open(_images, new TargetFormat(inverter.ImageShape, generator.OutputRange)),
            Folder = folder,
            Checkpointed = checkpointed,
            Progress = new SyncProgress<InversionProgress>(p =>
            {
                if (p.Iteration >= cancelAfter)
                {
                    cancel.Cancel();
                }
            }),
        };
        return job.Run(cancel.Token);
    }
}
