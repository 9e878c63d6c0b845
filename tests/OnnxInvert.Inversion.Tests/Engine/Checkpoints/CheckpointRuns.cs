using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Engine.Checkpoints;

namespace OnnxInvert.Inversion.Tests.Engine.Checkpoints;

/// <summary>Drives <see cref="InversionRun"/> step by step: to the end, or stopped after some steps and resumed from its checkpoint.</summary>
internal static class CheckpointRuns
{
    /// <summary>Runs every target to the end; results ordered by index.</summary>
    public static InversionResult[] ToEnd(Inverter inverter, InversionTargets targets, InFlightCheckpoint? resume = null) =>
        [.. Drive(inverter, targets, resume, int.MaxValue, out _).OrderBy(r => r.Index)];

    /// <summary>Runs <paramref name="iterations"/> iterations, then takes the checkpoint; returns the images finished by then.</summary>
    public static List<InversionResult> Stop(Inverter inverter, InversionTargets targets, int iterations, out InFlightCheckpoint checkpoint) =>
        Drive(inverter, targets, null, iterations, out checkpoint);

    /// <summary>
    /// Stops a run of <paramref name="targets"/> on <paramref name="first"/> after <paramref name="iterations"/>, then
    /// continues the images it did not finish on <paramref name="second"/> from the checkpoint (as a resumed job does:
    /// only the unfinished images are given again, with their indices, those in flight first); every result, ordered by index.
    /// </summary>
    public static InversionResult[] StopAndResume(Inverter first, Inverter second, InversionTargets targets, int iterations, out InFlightCheckpoint checkpoint)
    {
        var before = Stop(first, targets, iterations, out checkpoint);
        var done = before.Select(r => r.Index).ToHashSet();
        var position = Enumerable.Range(0, targets.Count).ToDictionary(p => targets.Indices[p]);
        var inFlight = checkpoint.Indices.ToHashSet();

        // As a resumed job feeds them: the images in flight first, in the checkpoint's order, then the others left.
        int[] order = [.. checkpoint.Indices.Select(i => position[i]), .. Enumerable.Range(0, targets.Count).Where(p => !done.Contains(targets.Indices[p]) && !inFlight.Contains(targets.Indices[p]))];
        var left = Subset(targets, order);
        var after = ToEnd(second, left, checkpoint);
        return [.. before.Concat(after).OrderBy(r => r.Index)];
    }

    /// <summary>The targets at <paramref name="positions"/>, keeping their names, indices and starting latents.</summary>
    public static InversionTargets Subset(InversionTargets targets, int[] positions)
    {
        int length = targets.ImageLength;
        var data = positions.SelectMany(p => targets.Image(p).ToArray()).ToArray();
        float[]? initial = null;
        if (targets.InitialLatents is { } all)
        {
            int size = all.Length / targets.Count;
            initial = [.. positions.SelectMany(p => all.AsSpan(p * size, size).ToArray())];
        }

        return new InversionTargets(positions.Length == 0 ? new float[0] : data, positions.Length, [.. positions.Select(p => targets.Names[p])], [.. positions.Select(p => targets.Indices[p])], initial);
    }

    /// <summary>Asserts the two runs gave the same results bit for bit.</summary>
    public static void AssertSame(InversionResult[] expected, InversionResult[] actual)
    {
        Assert.Equal(expected.Select(r => r.Index), actual.Select(r => r.Index));
        for (int i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            string what = $"image {e.Index}";
            Assert.True(e.Latent.AsSpan().SequenceEqual(a.Latent), $"{what}: latents differ");
            Assert.True(e.Reconstruction.AsSpan().SequenceEqual(a.Reconstruction), $"{what}: reconstructions differ");
            Assert.Equal(e.Loss, a.Loss);
            Assert.Equal(e.Penalty, a.Penalty);
            Assert.Equal((e.Restart, e.Steps, e.TotalSteps, e.Reinitializations, e.Converged, e.ReachedTarget), (a.Restart, a.Steps, a.TotalSteps, a.Reinitializations, a.Converged, a.ReachedTarget));
        }
    }

    private static List<InversionResult> Drive(Inverter inverter, InversionTargets targets, InFlightCheckpoint? resume, int iterations, out InFlightCheckpoint checkpoint)
    {
        var results = new List<InversionResult>();
        var run = inverter.BeginRun(targets, resume);
        try
        {
            for (int i = 0; i < iterations && !run.IsDone; i++)
            {
                run.Step();
                while (run.Completed.TryDequeue(out var result))
                {
                    results.Add(result);
                }
            }

            checkpoint = run.Snapshot();
        }
        finally
        {
            inverter.EndRun();
        }

        return results;
    }
}
