using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Engine.Checkpoints;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class CheckpointDocumentTests : IDisposable
{
    private const string Fingerprint = "model|targets|adam";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WriteThenRead_GivesBackEveryValueBitForBit()
    {
        var checkpoint = Sample();
        string path = _temp.File(RunFolder.CheckpointFile);

        CheckpointDocument.Write(path, Fingerprint, 8, checkpoint);
        var back = CheckpointDocument.Read(path, Fingerprint, _temp.Path, out int batch);

        Assert.Equal(8, batch);
        Assert.Equal(checkpoint.Retries, back.Retries);
        Assert.Equal(checkpoint.Pending, back.Pending);
        var (s, t) = (checkpoint.Slots[0], back.Slots[0]);
        Assert.Equal((s.Index, s.Restart, s.Steps, s.Stale, s.Best, s.Reinitialized, s.Frozen, s.Converged, s.ReachedTarget, s.Draws), (t.Index, t.Restart, t.Steps, t.Stale, t.Best, t.Reinitialized, t.Frozen, t.Converged, t.ReachedTarget, t.Draws));
        Assert.Equal(s.Latents, t.Latents);
        Assert.Equal(s.Optimizers[0].Kind, t.Optimizers[0].Kind);
        Assert.Equal(s.Optimizers[0].StepCount, t.Optimizers[0].StepCount);
        Assert.Equal(s.Optimizers[0].Buffers, t.Optimizers[0].Buffers);
        Assert.True(double.IsPositiveInfinity(back.Slots[1].Best));
        var (i, j) = (checkpoint.Images[0], back.Images[0]);
        Assert.Equal((i.Index, i.Finished, i.Planned, i.Reinitializations, i.Steps), (j.Index, j.Finished, j.Planned, j.Reinitializations, j.Steps));
        Assert.Equal(i.Best!.Latents, j.Best!.Latents);
        Assert.Equal(i.Best.Image, j.Best.Image);
        Assert.Equal((i.Best.Restart, i.Best.Loss, i.Best.Penalty, i.Best.Steps, i.Best.Converged, i.Best.ReachedTarget), (j.Best.Restart, j.Best.Loss, j.Best.Penalty, j.Best.Steps, j.Best.Converged, j.Best.ReachedTarget));
        Assert.Null(back.Images[1].Best);
        Assert.True(float.IsNaN(back.Images[2].Best!.Loss));
        Assert.Equal([path], Directory.GetFiles(_temp.Path)); // no temporary left beside it
    }

    public static TheoryData<string, string> Damaged() => new()
    {
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": ", "not a readable checkpoint" },
        { "[1, 2, 3]", "not a readable checkpoint" },
        { "{ \"format\": \"something-else\", \"version\": 1 }", "\"something-else\"" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 99, \"fingerprint\": \"model|targets|adam\" }", "version 99" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"model|targets|adam\", \"images\": [], \"retries\": [], \"pending\": [] }", "\"slots\" is missing" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"model|targets|adam\", \"slots\": [{ \"latents\": [\"AAA=\"], \"optimizers\": [] }], \"images\": [], \"retries\": [], \"pending\": [] }", "not float32" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"model|targets|adam\", \"slots\": [{ \"latents\": [\"%%%\"], \"optimizers\": [] }], \"images\": [], \"retries\": [], \"pending\": [] }", "not a readable checkpoint" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"model|targets|adam\", \"slots\": [{ \"latents\": [], \"optimizers\": [{ \"kind\": \"Lion\" }] }], \"images\": [], \"retries\": [], \"pending\": [] }", "not a readable checkpoint" },
        { "{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"other|run\", \"slots\": [], \"images\": [], \"retries\": [], \"pending\": [] }", "other settings" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Read_OfADamagedOrForeignFile_IsRefusedNamingTheFile(string text, string expected)
    {
        string path = _temp.File(RunFolder.CheckpointFile);
        File.WriteAllText(path, text);

        var error = Assert.Throws<RunFolderException>(() => CheckpointDocument.Read(path, Fingerprint, _temp.Path, out _));

        Assert.Equal(RunFolderProblem.Unreadable, error.Problem);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static InFlightCheckpoint Sample()
    {
        var random = new Random(3);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f)];
        var adam = new OptimizerSlotState(OptimizerKind.Adam, 7, [Values(4), Values(4)]);
        return new InFlightCheckpoint(
            [
                new SlotCheckpoint(12, 1, 7, 2, 0.125 + 1e-12, 1, false, false, false, 31, [Values(4)], [adam]),
                new SlotCheckpoint(13, 0, 0, 0, double.PositiveInfinity, 0, true, true, true, 4, [Values(4)], [adam with { StepCount = 0 }]),
            ],
            [
                new ImageCheckpoint(12, 1, 3, 1, 12, new JobOutcome(0, [Values(4)], Values(6), 0.25f, 0.5f, 12, true, false)),
                new ImageCheckpoint(13, 0, 2, 0, 0, null),
                new ImageCheckpoint(14, 2, 3, 0, 8, new JobOutcome(1, [Values(4)], Values(6), float.NaN, float.NaN, 0, false, false)),
            ],
            [(14, 2)],
            [(13, 1)]);
    }
}
