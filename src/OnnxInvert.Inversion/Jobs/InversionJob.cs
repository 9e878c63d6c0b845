using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs.Sharding;
using OnnxInvert.Inversion.Jobs.Streaming;
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

    /// <summary>
    /// An earlier run's output folder (sharded with any shard count, or unsharded) whose finished items made with this
    /// job's <see cref="Fingerprint"/> are taken over by item id instead of being inverted again, or null.
    /// </summary>
    public string? ReuseFolder { get; init; }

    /// <summary>Told what the job decided on its own (items reused, folders skipped), or null.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Receives every iteration's progress on the inverting thread, or null.</summary>
    public IProgress<InversionProgress>? Progress { get; init; }

    /// <summary>
    /// Told, when a cancelled job with a folder has written <see cref="RunFolder.CheckpointFile"/>, how many images in
    /// flight it holds (they continue from the step they reached on resume), or null.
    /// </summary>
    public Action<int>? Checkpointed { get; init; }

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
        Targets.Whole.Count.ToString(CultureInfo.InvariantCulture),
        string.Join(",", Generator.Latents.Select(l => l.Name)),
        Generator.ImageOutput,
        Generator.Prior.ToString(),
        FormattableString.Invariant($"{Generator.OutputRange.Low},{Generator.OutputRange.High}"),
        OptionsFingerprint.Of(Inverter.Options),
        Settings.Fingerprint());

    /// <summary>
    /// Opens the folder's state (resuming when it allows), takes over what <see cref="ReuseFolder"/> finished, inverts
    /// what is left, and writes the tables, pairs and summary. For a shard's part of the input
    /// (<see cref="TargetSource.ForShard"/>) it also writes the folder's shard.json first and, once every item is
    /// finished, _SUCCESS last.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the images finished so far are saved in the folder.</exception>
    /// <exception cref="RunFolderException">The folder holds a run with other settings, or its state cannot be read.</exception>
    public JobResult Run(CancellationToken cancellationToken = default)
    {
        int count = Targets.Count;
        if (count == 0)
        {
            throw new InvalidOperationException($"{Targets.Path}: no images to invert");
        }

        int first = Targets.Shard?.First ?? 0;
        var initial = InitialLatentsFile is null ? null : InitialLatents.Open(InitialLatentsFile, Targets.Whole.Count, Inverter);
        var folder = Folder;
        var memory = folder is null ? new ResultRow?[count] : null; // with a folder, results live in its files only
        string fingerprint = Fingerprint();
        folder?.Begin(Targets, [.. Inverter.LatentShape.Select(d => (int)d)], [.. Inverter.ImageShape.Select(d => (int)d)], Generator.OutputRange, fingerprint, Inverter.Options.BatchSize,
            [.. Inverter.Latents.Select(l => (l.Name, l.Shape.Select(d => (int)d).ToArray()))]);
        if (folder is not null && Targets.Shard is { } shard)
        {
            ShardFolder.ClearComplete(folder.Path);
            shard.Write(folder.Path);
        }

        int[] pending = folder?.Pending ?? [.. Enumerable.Range(0, count)];
        if (ReuseFolder is not null && pending.Length > 0)
        {
            pending = Reuse(pending, fingerprint, memory);
        }

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
            CheckConditionColumns();
            var checkpoint = InFlight(folder, ref pending, first);
            var feed = new SourceFeed(Targets, pending, ReadAhead * Inverter.Options.BatchSize, StartRows(initial, first));
            try
            {
                foreach (var whole in Invert(feed, checkpoint, relay, cancellationToken))
                {
                    var result = first == 0 ? whole : whole with { Index = whole.Index - first };
                    if (memory is not null)
                    {
                        memory[result.Index] = ResultRow.From(result);
                    }

                    folder?.Add(result);
                }
            }
            finally
            {
                folder?.Flush();
                ReadSeconds = feed.ReadSeconds;
            }
        }

        folder?.WritePairs();
        folder?.Flush();
        IReadOnlyList<ResultRow> rows = folder is null ? [.. memory!.OfType<ResultRow>()] : folder.FinishedRows();
        var earlier = folder?.Earlier ?? (0, 0);
        double seconds = clock.Elapsed.TotalSeconds;
        var timing = new JobTiming(folder?.TotalSeconds ?? seconds, seconds, earlier.Iterations + last.Iteration, earlier.SampleSteps + last.SampleSteps, last.Iteration, last.SampleSteps);
        var summary = RunSummary.Build(rows, timing, folder?.Resumed ?? 0, Inverter, Generator, Settings, Targets.Skipped);
        folder?.WriteSummary(summary);
        if (folder is not null && Targets.Shard is not null && rows.Count == count)
        {
            ShardFolder.MarkComplete(folder.Path);
        }

        return new JobResult { Rows = rows, Targets = count, Resumed = folder?.Resumed ?? 0, Timing = timing, Summary = summary };
    }

    /// <summary>Targets read ahead per batch slot: the feed reads this many batches' worth at a time.</summary>
    internal const int ReadAhead = 2;

    /// <summary>Seconds the last <see cref="Run"/> spent reading targets (for the benchmark's I/O share).</summary>
    internal double ReadSeconds { get; private set; }

    /// <summary>With starting latents from a file (and <see cref="LatentInitialization.Given"/>), gives each target read its row (by its index in the whole input).</summary>
    private Func<FeedTarget, FeedTarget>? StartRows(InitialLatents? initial, int first)
    {
        string name = Inverter.Latents[0].Name;
        if (initial is null || Inverter.Starts[name] is not Engine.Starts.TargetLatentsStart)
        {
            return null; // the file's rows are the start only when the first latent starts from given latents
        }

        return target => new FeedTarget(target.Image, target.Index, target.Name)
        {
            Conditions = target.Conditions,
            Tag = target.Tag,
            StartLatents = new Dictionary<string, float[]>(StringComparer.Ordinal) { [name] = initial.Row(target.Index) },
        };
    }

    /// <summary>Checks a CSV manifest's condition columns against the generator's condition inputs and every value against its input.</summary>
    /// <exception cref="FormatException">A column names no condition input, or a value does not fit its input; the
    /// message names the manifest, the line and the column.</exception>
    private void CheckConditionColumns()
    {
        if (Targets.Whole is not Streaming.ImageFileTargetSource { Conditions: { } conditions })
        {
            return;
        }

        var inputs = new Models.GeneratorInput[conditions.Columns.Count];
        for (int c = 0; c < inputs.Length; c++)
        {
            string column = conditions.Columns[c];
            inputs[c] = Generator.Inputs.FirstOrDefault(i => i.Name == column)
                ?? throw new FormatException($"{conditions.Manifest}:1: column '{column}' names no condition input of {Generator.Path} (its condition inputs: {(Generator.Inputs.Count == 0 ? "none" : string.Join(", ", Generator.Inputs.Select(i => i.Name)))})");
        }

        for (int row = 0; row < conditions.Count; row++)
        {
            for (int c = 0; c < inputs.Length; c++)
            {
                try
                {
                    ConditionRows.Resolve(inputs[c], ConditionValue.FromRows(conditions.Cell(row, c), 1));
                }
                catch (ArgumentException ex)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{conditions.Manifest}:{conditions.Line(row)}: column '{conditions.Columns[c]}': {ex.Message}"), ex);
                }
            }
        }
    }

    /// <summary>
    /// On resume, the folder's checkpoint of the images in flight still pending (null when none), with
    /// <paramref name="pending"/> reordered so those images come first, in the checkpoint's order.
    /// </summary>
    private Engine.Checkpoints.InFlightCheckpoint? InFlight(RunFolder? folder, ref int[] pending, int first)
    {
        if (folder?.ReadCheckpoint(out int batch) is not { } read)
        {
            return null;
        }

        var left = pending.Select(i => first + i).ToHashSet();
        var checkpoint = read.Only(left.Contains);
        var inFlight = checkpoint.Indices.ToHashSet();
        pending = [.. checkpoint.Indices.Select(i => i - first), .. pending.Where(i => !inFlight.Contains(first + i))];
        Notice?.Invoke(string.Create(CultureInfo.InvariantCulture, $"continuing {checkpoint.Images.Length} image(s) in flight from {RunFolder.CheckpointFile} at the step they reached{(batch != Inverter.Options.BatchSize ? $" (taken at batch {batch}; at batch {Inverter.Options.BatchSize} results can differ in the last bits)" : string.Empty)}"));
        return checkpoint;
    }

    /// <summary>
    /// Inverts what <paramref name="feed"/> gives, first continuing <paramref name="checkpoint"/>'s images; when cancelled (between
    /// steps) with a folder, flushes it and writes the images in flight to its checkpoint before giving up.
    /// </summary>
    private IEnumerable<InversionResult> Invert(ITargetFeed feed, Engine.Checkpoints.InFlightCheckpoint? checkpoint, IProgress<InversionProgress> progress, CancellationToken cancellationToken)
    {
        using var run = Inverter.StartResumed(feed, checkpoint);
        bool taken = checkpoint is null;
        while (!run.IsDone)
        {
            if (cancellationToken.IsCancellationRequested && Folder is { } folder)
            {
                folder.Flush();
                var snapshot = run.Snapshot();
                if (!snapshot.IsEmpty)
                {
                    folder.WriteCheckpoint(snapshot, Inverter.Options.BatchSize);
                    Checkpointed?.Invoke(snapshot.Images.Length);
                }
                else
                {
                    folder.RemoveCheckpoint();
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (taken)
            {
                run.Step();
            }
            else
            {
                FirstResumedStep(run);
                taken = true;
                Folder?.RemoveCheckpoint(); // its images are back in the batch (a later stop writes a new one)
            }

            progress.Report(run.Progress);
            while (run.Completed.TryDequeue(out var result))
            {
                yield return result;
            }
        }
    }

    /// <summary>The first step of a resumed run, which takes up the checkpoint: a checkpoint that does not fit is named.</summary>
    private void FirstResumedStep(ActiveInversion run)
    {
        try
        {
            run.Step();
        }
        catch (ArgumentException ex) when (Folder is { } folder)
        {
            string path = System.IO.Path.Combine(folder.Path, RunFolder.CheckpointFile);
            throw new RunFolderException(folder.Path, RunFolderProblem.Unreadable, $"{path} does not fit this run ({ex.Message}); remove it to start the images it holds from step 0", ex);
        }
    }

    /// <summary>Takes the items of <paramref name="pending"/> that the reuse folder finished; returns the rest.</summary>
    private int[] Reuse(int[] pending, string fingerprint, ResultRow?[]? memory)
    {
        if (Inverter.Latents.Count != 1)
        {
            throw new InvalidOperationException($"InversionJob.ReuseFolder takes over one latent per item; {Generator.Path} has {Inverter.Latents.Count} latent inputs");
        }

        var index = ReuseIndex.Open(ReuseFolder!, fingerprint, Notice);
        var left = new List<int>(pending.Length);
        int reused = 0;
        foreach (int i in pending)
        {
            string id = Targets.Name(i);
            if (index.Find(id) is not { } item)
            {
                left.Add(i);
                continue;
            }

            if (item.Latent.Length != Inverter.LatentSize)
            {
                throw new ShardFolderException(item.Folder, string.Create(CultureInfo.InvariantCulture, $"{item.Folder}: the latent of {id} has {item.Latent.Length} values; this model's has {Inverter.LatentSize}"));
            }

            var result = new InversionResult
            {
                Index = i,
                Source = id,
                Latent = item.Latent,
                Reconstruction = Generator.Generate(item.Latent, 1).Images,
                Loss = (float)ShardState.Number(item.Result, "loss"),
                Penalty = (float)ShardState.Number(item.Result, "penalty"),
                Mse = ShardState.Number(item.Result, "mse"),
                Mae = ShardState.Number(item.Result, "mae"),
                Psnr = ShardState.Number(item.Result, "psnr"),
                Steps = (int)ShardState.Number(item.Result, "steps"),
                Converged = ShardState.Flag(item.Result, "converged"),
                Restart = (int)ShardState.Number(item.Result, "restart"),
                Reinitializations = (int)ShardState.Number(item.Result, "reinitializations"),
                ReachedTarget = ShardState.Flag(item.Result, "reached_target"),
                TotalSteps = ShardState.Number(item.Result, "total_steps") is double total && double.IsFinite(total) ? (int)total : 0,
                Seconds = ShardState.Number(item.Result, "seconds") is double seconds && double.IsFinite(seconds) ? seconds : 0,
            };
            if (memory is not null)
            {
                memory[i] = ResultRow.From(result);
            }

            Folder?.Add(result);
            reused++;
        }

        Folder?.Flush();
        Notice?.Invoke(string.Create(CultureInfo.InvariantCulture, $"reused {reused} finished item(s) of {ReuseFolder}; {left.Count} left to invert"));
        return [.. left];
    }

    /// <summary>Forwards reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class ProgressRelay(Action<InversionProgress> report) : IProgress<InversionProgress>
    {
        public void Report(InversionProgress value) => report(value);
    }
}
