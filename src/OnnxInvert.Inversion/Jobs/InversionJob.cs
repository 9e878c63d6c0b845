using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// One inversion job: every target of a <see cref="TargetSource"/> inverted with an <see cref="Engine.Inverter"/>, the
/// results kept in a <see cref="RunFolder"/> (resumable: only the images an earlier run did not finish are inverted)
/// or, without one, in memory. Runs on the calling thread; cancellation stops between iterations and what finished
/// is saved. This is what <c>onnxinvert invert</c> and each model of <c>onnxinvert compare</c> run.
/// </summary>
public sealed class InversionJob
{
    /// <summary>The generator the inverter was built for.</summary>
    public required Generator Generator { get; init; }

    /// <summary>The inverter (built by the caller from <see cref="Generator"/>, so its errors reach the caller first).</summary>
    public required Inverter Inverter { get; init; }

    /// <summary>The targets.</summary>
    public required TargetSource Targets { get; init; }

    /// <summary>Where results go, or null to keep them in memory only.</summary>
    public RunFolder? Folder { get; init; }

    /// <summary>The settings as given: written to summary.json and, where they shape results, part of the folder's fingerprint.</summary>
    public JobSettings Settings { get; init; } = new();

    /// <summary>An .npy file of starting latents [N, latent...], row i for target i, or null.</summary>
    public string? InitialLatentsFile { get; init; }

    /// <summary>Receives every iteration's progress on the inverting thread, or null.</summary>
    public IProgress<InversionProgress>? Progress { get; init; }

    /// <summary>Called once the folder's state is read, before inverting, with the images earlier runs finished (0 without a folder), or null.</summary>
    public Action<int>? Started { get; init; }

    /// <summary>
    /// The folder's fingerprint: the model file, the targets, what the generator resolved, the inverter's options
    /// (all but the batch size and the runtime session) and the <see cref="Settings"/> that shape the results.
    /// </summary>
    public string Fingerprint() => string.Join(
        "|",
        Path.GetFullPath(Generator.Path),
        new FileInfo(Generator.Path).Length.ToString(CultureInfo.InvariantCulture),
        Path.GetFullPath(Targets.Path),
        Targets.Count.ToString(CultureInfo.InvariantCulture),
        Generator.LatentInput,
        Generator.ImageOutput,
        Generator.Prior.ToString(),
        FormattableString.Invariant($"{Generator.OutputRange.Low},{Generator.OutputRange.High}"),
        OptionsFingerprint.Of(Inverter.Options),
        Settings.Fingerprint());

    /// <summary>Opens the folder's state (resuming when it allows), inverts what is left, and writes the tables, pairs and summary.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the images finished so far are saved in the folder.</exception>
    /// <exception cref="RunFolderException">The folder holds a run with other settings, or its state cannot be read.</exception>
    public JobResult Run(CancellationToken cancellationToken = default)
    {
        int count = Targets.Count;
        float[]? initial = InitialLatentsFile is null ? null : InitialLatents.Load(InitialLatentsFile, count, Inverter);
        var memory = new ResultRow?[count];
        var folder = Folder;
        folder?.Begin(Targets, [.. Inverter.LatentShape.Select(d => (int)d)], [.. Inverter.ImageShape.Select(d => (int)d)], Generator.OutputRange, Fingerprint(), Inverter.Options.BatchSize);
        int[] pending = folder?.Pending ?? [.. Enumerable.Range(0, count)];
        Started?.Invoke(folder?.Resumed ?? 0);
        var clock = Stopwatch.StartNew();
        var last = default(InversionProgress);
        var relay = new ProgressRelay(p =>
        {
            last = p;
            folder?.Record(p);
            Progress?.Report(p);
        });
        if (pending.Length > 0)
        {
            var targets = Targets.Read(pending, initial is null ? null : InitialLatents.Select(initial, pending, Inverter.LatentSize));
            try
            {
                foreach (var result in Inverter.Invert(targets, relay, cancellationToken))
                {
                    memory[result.Index] = ResultRow.From(result);
                    folder?.Add(result);
                }
            }
            finally
            {
                folder?.Flush();
            }
        }

        folder?.WritePairs();
        folder?.Flush();
        var rows = folder is null ? [.. memory.OfType<ResultRow>()] : folder.Rows.ToArray();
        var earlier = folder?.Earlier ?? (0, 0);
        double seconds = clock.Elapsed.TotalSeconds;
        var timing = new JobTiming(folder?.TotalSeconds ?? seconds, seconds, earlier.Iterations + last.Iteration, earlier.SampleSteps + last.SampleSteps, last.Iteration, last.SampleSteps);
        var summary = RunSummary.Build(rows, timing, folder?.Resumed ?? 0, Inverter, Generator, Settings);
        folder?.WriteSummary(summary);
        return new JobResult { Rows = rows, Targets = count, Resumed = folder?.Resumed ?? 0, Timing = timing, Summary = summary };
    }

    /// <summary>Forwards reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class ProgressRelay(Action<InversionProgress> report) : IProgress<InversionProgress>
    {
        public void Report(InversionProgress value) => report(value);
    }
}
