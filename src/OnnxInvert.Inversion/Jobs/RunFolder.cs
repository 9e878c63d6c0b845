using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs.Tables;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The output folder of an inversion job, held exclusively (a lock file) while open. Memory holds nothing per finished
/// image beyond where its metrics row lies: latents.npy (row i = image i), reconstructions.npy and latents/NAME.npy are
/// laid out at full size when the job begins (pending rows are zeros) and each finished image's row is written in
/// place; metrics.csv is appended; a reconstruction PNG is written per image. Every <c>flushEvery</c> results the new
/// rows are flushed to the disk and state.json, written last and atomically, records how many rows (and bytes of
/// metrics.csv) are committed, so a resumed run trusts exactly those and cuts a torn tail. When the job ends or stops,
/// metrics.csv is put in index order (rewritten once if images finished out of order) and index.csv, pairs.png and
/// summary.json are written. Every file name is a constant here.
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>The resume state (written last on every flush).</summary>
    public const string StateFile = "state.json";

    /// <summary>The latents, row i for image i.</summary>
    public const string LatentsFile = "latents.npy";

    /// <summary>With several latents: the folder of one file per latent (NAME.npy, row i = image i); latents.npy keeps the first.</summary>
    public const string LatentsFolder = "latents";

    /// <summary>The reconstructions G(z), row i for image i, in the generator's output range.</summary>
    public const string ReconstructionsFile = "reconstructions.npy";

    /// <summary>Image index, source, whether done, and its reconstruction PNG.</summary>
    public const string IndexFile = "index.csv";

    /// <summary>
    /// The columns of <see cref="IndexFile"/>: a row per target (its position, file or item name, whether it is done,
    /// its reconstruction's PNG, and <c>status</c> done or pending), then a row per input file that was skipped
    /// (undecodable, or of another size or channel count): no index, status <c>skipped</c>.
    /// </summary>
    public const string IndexHeader = "index,source,done,reconstruction,status";

    /// <summary>The metrics of the finished images (<see cref="ResultRow.CsvHeader"/>).</summary>
    public const string MetricsFile = "metrics.csv";

    /// <summary>The loss curve (<see cref="LossCurve"/>).</summary>
    public const string CurveFile = "curve.csv";

    /// <summary>Mean figures, timing and settings (<see cref="RunSummary"/>).</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The target | reconstruction grid of the finished images.</summary>
    public const string PairsFile = "pairs.png";

    /// <summary>The most finished images pairs.png shows (the first ones, in index order).</summary>
    public const int MaxPairs = 1024;

    /// <summary>The most values (pixels times channels, over the images) either side of pairs.png holds, so large images show fewer pairs.</summary>
    public const int PairValues = 1 << 24;

    /// <summary>The folder of per-image reconstruction PNGs.</summary>
    public const string ReconstructionsFolder = "reconstructions";

    /// <summary>The images in flight when a job was stopped (<see cref="CheckpointDocument"/>); taken up and removed by the next --resume.</summary>
    public const string CheckpointFile = "checkpoint.json";

    /// <summary>The lock file (owner's pid and host) that is present while a job holds the folder.</summary>
    public const string LockFile = ".onnxinvert.lock";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly FolderLock _lock;
    private readonly Action<string> _notice;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Layout? _layout;

    private RunFolder(string path, RunFolderOptions options, FolderLock folderLock)
    {
        Path = path;
        Options = options;
        _lock = folderLock;
        _notice = options.Notice ?? (_ => { });
    }

    /// <summary>The folder's path as given.</summary>
    public string Path { get; }

    /// <summary>How the folder was opened.</summary>
    public RunFolderOptions Options { get; }

    /// <summary>Images finished by earlier runs (0 until a job has begun on the folder).</summary>
    public int Resumed => _layout?.Resumed ?? 0;

    /// <summary>Seconds spent on this folder over all runs: the earlier ones plus this one since it was opened.</summary>
    public double TotalSeconds => (_layout?.EarlierSeconds ?? 0) + _clock.Elapsed.TotalSeconds;

    /// <summary>The rows of the finished images, in index order (read back from metrics.csv one at a time).</summary>
    public IEnumerable<ResultRow> Rows => _layout?.OpenTables?.Metrics.Rows() ?? [];

    /// <summary>
    /// Opens (creating it when needed) and locks <paramref name="path"/>. A folder holding a run is refused unless
    /// <see cref="RunFolderOptions.Resume"/> or <see cref="RunFolderOptions.Overwrite"/> is set; a non-empty folder
    /// without run state unless overwriting. On resume, temporaries a killed run left are removed.
    /// </summary>
    /// <exception cref="RunFolderException">The path is unusable, the folder is locked by a live process, or it holds what the options do not allow to replace.</exception>
    public static RunFolder Open(string path, RunFolderOptions? options = null)
    {
        options ??= new RunFolderOptions();
        CheckPath(path, options.Inputs);
        Directory.CreateDirectory(path);
        var notice = options.Notice ?? (_ => { });
        var folderLock = FolderLock.Take(path, System.IO.Path.Combine(path, LockFile), notice);
        try
        {
            Inspect(path, options, notice);
            Directory.CreateDirectory(System.IO.Path.Combine(path, ReconstructionsFolder));
            return new RunFolder(path, options, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Checks that <paramref name="path"/> can be an output folder for a job reading <paramref name="inputs"/>.</summary>
    /// <exception cref="RunFolderException">The path is empty, names a file, or is (or lies inside) one of the inputs.</exception>
    public static void CheckPath(string path, IEnumerable<string>? inputs = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RunFolderException(path ?? string.Empty, RunFolderProblem.BadPath, "the output folder's path is empty");
        }

        if (File.Exists(path))
        {
            throw new RunFolderException(path, RunFolderProblem.BadPath, $"{path} is a file; the output must be a folder");
        }

        string full = Full(path);
        foreach (string input in inputs ?? [])
        {
            string inputFull = Full(input);
            if (full == inputFull || (Directory.Exists(input) && full.StartsWith(inputFull + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                throw new RunFolderException(path, RunFolderProblem.BadPath, $"{path} is {(full == inputFull ? "the input" : "inside the input folder")} {input}; the output folder must lie outside the inputs");
            }
        }
    }

    /// <summary>Closes the tables and releases the lock.</summary>
    public void Dispose()
    {
        _layout?.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// Lays out the folder for <paramref name="targets"/>, taking up an earlier run's state when resuming. With several
    /// <paramref name="latents"/> (name and shape per sample; the first is <paramref name="latentShape"/>'s) each is also
    /// kept in latents/NAME.npy.
    /// </summary>
    /// <exception cref="RunFolderException">The folder holds another run, or its state or tables cannot be taken up.</exception>
    internal void Begin(TargetSource targets, int[] latentShape, int[] imageShape, PixelRange range, string fingerprint, int flushEvery, IReadOnlyList<(string Name, int[] Shape)>? latents = null)
    {
        _layout?.Dispose();
        var layout = new Layout(targets, latentShape, imageShape, range, fingerprint, Math.Max(1, flushEvery), latents is { Count: > 1 } ? [.. latents] : []);
        _layout = layout;
        string statePath = PathOf(StateFile);
        if (Options.Resume && File.Exists(statePath))
        {
            LoadState(statePath);
        }
        else
        {
            WriteState(0, 0); // first the state (nothing committed), so a kill from here on leaves a folder --resume takes up
            CreateTables();
        }

        Curve.Continue(PathOf(CurveFile), Resumed);
    }

    /// <summary>The loss curve over all runs.</summary>
    internal LossCurve Curve { get; } = new();

    /// <summary>Iterations and sample steps of earlier runs.</summary>
    internal (long Iterations, long SampleSteps) Earlier => _layout is { } l ? (l.EarlierIterations, l.EarlierSampleSteps) : (0, 0);

    /// <summary>This run's last progress report.</summary>
    internal InversionProgress Last { get; private set; }

    /// <summary>The indices of images not yet inverted.</summary>
    internal int[] Pending => Enumerable.Range(0, Begun.Targets.Count).Where(i => !Begun.Tables.Metrics.IsDone(i)).ToArray();

    /// <summary>How many images have their rows (over all runs).</summary>
    internal int Finished => _layout?.OpenTables?.Metrics.Count ?? 0;

    private Layout Begun => _layout ?? throw new InvalidOperationException("the run folder has no job yet");

    /// <summary>Records a progress report (curve and iteration counts).</summary>
    internal void Record(InversionProgress progress)
    {
        Last = progress;
        Curve.Add(progress);
    }

    /// <summary>
    /// Writes a finished image's rows in place (latents, reconstruction), appends its metrics row and writes its
    /// reconstruction PNG; commits every <c>flushEvery</c> results. Nothing of the image stays in memory.
    /// </summary>
    internal void Add(InversionResult result)
    {
        var l = Begun;
        var tables = l.Tables;
        int i = result.Index;
        tables.Latents.Write(i, result.Latent);
        foreach (var (name, file) in tables.Several)
        {
            file.Write(i, result.Latents[name]);
        }

        tables.Reconstructions.Write(i, result.Reconstruction);
        tables.Metrics.Append(ResultRow.From(result));
        var png = ToUnitBatch(result.Reconstruction, 1, [l.Targets.Name(i)]).ToImage(0);
        AtomicFile.Write(System.IO.Path.Combine(Path, ReconstructionsFolder, ReconstructionName(i)), s => s.Write(PngFile.Encode(png)));
        if (++l.Unflushed >= l.FlushEvery)
        {
            Commit();
        }
    }

    /// <summary>
    /// Commits what was added: the tables' new rows reach the disk, then the curve, then the state that counts them
    /// (written last, atomically). Costs nothing per earlier image.
    /// </summary>
    internal void Commit()
    {
        var l = Begun;
        var tables = l.Tables;
        tables.Latents.Commit();
        foreach (var (_, file) in tables.Several)
        {
            file.Commit();
        }

        tables.Reconstructions.Commit();
        long metricsBytes = tables.Metrics.Commit();
        if (Curve.Iterations > 0)
        {
            Curve.Write(Path);
        }

        WriteState(tables.Metrics.Count, metricsBytes);
        l.Unflushed = 0;
    }

    /// <summary>
    /// Commits (<see cref="Commit"/>) and brings the whole-folder views up to date: metrics.csv in index order (rewritten
    /// once when images finished out of order) and index.csv. What a job does when it ends or stops.
    /// </summary>
    internal void Flush()
    {
        var l = Begun;
        Commit();
        l.Tables.Metrics.Order(); // after the commit: the rewrite holds exactly the committed rows, in another order
        WriteIndex();
    }

    /// <summary>The rows of the finished images, in index order, read back from metrics.csv (after <see cref="Flush"/>) when enumerated.</summary>
    internal IReadOnlyList<ResultRow> FinishedRows() => new MetricsRows(PathOf(MetricsFile), Finished);

    /// <summary>Writes checkpoint.json: the images in flight of a job stopped at batch size <paramref name="batchSize"/>.</summary>
    internal void WriteCheckpoint(Engine.Checkpoints.InFlightCheckpoint checkpoint, int batchSize) =>
        CheckpointDocument.Write(PathOf(CheckpointFile), Begun.Fingerprint, batchSize, checkpoint);

    /// <summary>On resume, the checkpoint a stopped job left (and the batch size it was taken at); otherwise null.</summary>
    /// <exception cref="RunFolderException">The checkpoint is damaged or belongs to another run.</exception>
    internal Engine.Checkpoints.InFlightCheckpoint? ReadCheckpoint(out int batchSize)
    {
        batchSize = 0;
        string path = PathOf(CheckpointFile);
        return Options.Resume && File.Exists(path) ? CheckpointDocument.Read(path, Begun.Fingerprint, Path, out batchSize) : null;
    }

    /// <summary>Removes checkpoint.json once its images are back in the run (a later stop writes a new one).</summary>
    internal void RemoveCheckpoint() => File.Delete(PathOf(CheckpointFile));

    /// <summary>
    /// Writes the target | reconstruction grid of the first finished images (at most <see cref="MaxPairs"/>, and fewer
    /// for large images: <see cref="PairValues"/> values a side), their reconstructions read back from the table.
    /// </summary>
    internal void WritePairs()
    {
        var l = Begun;
        int most = Math.Clamp(PairValues / l.ImageLength, 1, MaxPairs);
        int[] done = Enumerable.Range(0, l.Targets.Count).Where(l.Tables.Metrics.IsDone).Take(most).ToArray();
        if (done.Length == 0)
        {
            return;
        }

        string[] names = [.. done.Select(l.Targets.Name)];
        var targets = l.Targets.Read(done);
        var reconstructions = new float[done.Length * l.ImageLength];
        for (int k = 0; k < done.Length; k++)
        {
            l.Tables.Reconstructions.Read(done[k], reconstructions.AsSpan(k * l.ImageLength, l.ImageLength));
        }

        var grid = ImageGrid.ComposePairs(ToUnitBatch(targets.Data, done.Length, names), ToUnitBatch(reconstructions, done.Length, names), pairsPerRow: Math.Max(1, (int)Math.Ceiling(Math.Sqrt(done.Length))));
        AtomicFile.Write(PathOf(PairsFile), s => s.Write(PngFile.Encode(grid)));
    }

    /// <summary>Writes summary.json.</summary>
    internal void WriteSummary(IReadOnlyDictionary<string, object?> summary) =>
        AtomicFile.WriteText(PathOf(SummaryFile), JsonSerializer.Serialize(summary, Json));

    private static string Full(string path) => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));

    private static string ReconstructionName(int index) => FormattableString.Invariant($"{index:D5}.png");

    private static void Inspect(string path, RunFolderOptions options, Action<string> notice)
    {
        bool hasState = File.Exists(System.IO.Path.Combine(path, StateFile));
        string[] entries = [.. Directory.EnumerateFileSystemEntries(path).Select(e => System.IO.Path.GetFileName(e)).Where(n => n != LockFile)];
        if (hasState && !options.Resume && !options.Overwrite)
        {
            throw new RunFolderException(path, RunFolderProblem.HoldsRun, $"{path} already holds results of an inversion");
        }

        if (hasState && !options.Resume)
        {
            File.Delete(System.IO.Path.Combine(path, StateFile));
            File.Delete(System.IO.Path.Combine(path, CheckpointFile));
        }

        if (!hasState && entries.Length > 0 && !options.Overwrite && !(options.Resume && entries.All(n => IsOurs(path, n))))
        {
            throw new RunFolderException(path, RunFolderProblem.NotEmpty, string.Create(CultureInfo.InvariantCulture, $"{path} is not empty ({entries.Length} entries, e.g. {entries.Order(StringComparer.Ordinal).First()}) and holds no inversion state"));
        }

        if (options.Resume && !hasState)
        {
            notice($"{path}: nothing to resume; starting afresh");
        }

        if (options.Resume)
        {
            int removed = RemoveTemporaries(path) + RemoveTemporaries(System.IO.Path.Combine(path, ReconstructionsFolder));
            if (removed > 0)
            {
                notice(string.Create(CultureInfo.InvariantCulture, $"{path}: removed {removed} temporary file(s) an interrupted run left"));
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is what a run killed before its first flush leaves: temporaries, the PNG folder and a shard's shard.json.</summary>
    private static bool IsOurs(string folder, string name) =>
        AtomicFile.IsTemporary(name) || name == Sharding.ShardFolder.InfoFile || (name == ReconstructionsFolder && Directory.Exists(System.IO.Path.Combine(folder, name)));

    private static int RemoveTemporaries(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder).Where(f => AtomicFile.IsTemporary(System.IO.Path.GetFileName(f))))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    private string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The first <paramref name="count"/> images of <paramref name="source"/> (in the generator's range) as an image batch in [0, 1].</summary>
    private ImageBatch ToUnitBatch(ReadOnlySpan<float> source, int count, string[] names)
    {
        var l = Begun;
        int length = l.ImageLength;
        var data = new float[count * length];
        float span = l.Range.High - l.Range.Low;
        for (int p = 0; p < data.Length; p++)
        {
            data[p] = (source[p] - l.Range.Low) / span;
        }

        return new ImageBatch(data, count, l.ImageShape[0], l.ImageShape[1], l.ImageShape[2], PixelRange.ZeroToOne, names);
    }

    private void LoadState(string path)
    {
        var l = Begun;
        RunState state;
        try
        {
            state = JsonSerializer.Deserialize<RunState>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new RunFolderException(Path, RunFolderProblem.Unreadable, $"{path}: unreadable state ({ex.Message}); remove the folder or choose another", ex);
        }

        if (state.Fingerprint != l.Fingerprint || state.Images != l.Targets.Count)
        {
            throw new RunFolderException(Path, RunFolderProblem.OtherRun, $"{Path} holds an inversion with other settings or images");
        }

        l.EarlierSeconds = state.WallSeconds;
        l.EarlierIterations = state.Iterations;
        l.EarlierSampleSteps = state.SampleSteps;
        try
        {
            if (state.Results is { } results)
            {
                TakeUpOlderLayout(results);
            }
            else if (state.Finished == 0)
            {
                CreateTables(); // nothing committed: whatever a killed run left is not trusted
            }
            else
            {
                l.OpenTables = new Tables(
                    NpyRowFile.Open(PathOf(LatentsFile), l.Targets.Count, l.LatentShape),
                    NpyRowFile.Open(PathOf(ReconstructionsFile), l.Targets.Count, l.ImageShape),
                    [.. l.Several.Select(s => (s.Name, NpyRowFile.Open(SeveralPath(s.Name), l.Targets.Count, s.Shape)))],
                    MetricsLog.Resume(PathOf(MetricsFile), l.Targets.Count, state.MetricsBytes, state.Finished, l.Targets.Name));
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RunFolderException(Path, RunFolderProblem.Unreadable, $"{Path}: {ex.Message}, which does not fit {StateFile}; remove the folder or choose another", ex);
        }

        l.Resumed = Finished;
    }

    /// <summary>A folder whose state.json lists its rows (written before the tables were appended): its tables are whole, so only metrics.csv is written again, from the state.</summary>
    private void TakeUpOlderLayout(ResultRow[] results)
    {
        var l = Begun;
        if (results.Any(r => r is null || r.Index < 0 || r.Index >= l.Targets.Count))
        {
            throw new InvalidDataException($"{StateFile} lists a result outside the {l.Targets.Count} images");
        }

        var metrics = MetricsLog.Create(PathOf(MetricsFile), l.Targets.Count);
        l.OpenTables = new Tables(
            NpyRowFile.Open(PathOf(LatentsFile), l.Targets.Count, l.LatentShape),
            NpyRowFile.Open(PathOf(ReconstructionsFile), l.Targets.Count, l.ImageShape),
            [.. l.Several.Select(s => (s.Name, NpyRowFile.Open(SeveralPath(s.Name), l.Targets.Count, s.Shape)))],
            metrics);
        foreach (var row in results.OrderBy(r => r.Index))
        {
            metrics.Append(row);
        }

        WriteState(metrics.Count, metrics.Commit());
    }

    /// <summary>Lays out every table afresh: .npy files at full size (zeros), metrics.csv with its header.</summary>
    private void CreateTables()
    {
        var l = Begun;
        if (l.Several.Length > 0)
        {
            Directory.CreateDirectory(PathOf(LatentsFolder));
        }

        l.OpenTables?.Dispose();
        l.OpenTables = new Tables(
            NpyRowFile.Create(PathOf(LatentsFile), l.Targets.Count, l.LatentShape),
            NpyRowFile.Create(PathOf(ReconstructionsFile), l.Targets.Count, l.ImageShape),
            [.. l.Several.Select(s => (s.Name, NpyRowFile.Create(SeveralPath(s.Name), l.Targets.Count, s.Shape)))],
            MetricsLog.Create(PathOf(MetricsFile), l.Targets.Count));
    }

    private string SeveralPath(string name) => System.IO.Path.Combine(PathOf(LatentsFolder), LatentFileName(name));

    /// <summary>Writes state.json (atomically): <paramref name="finished"/> rows committed in the first <paramref name="metricsBytes"/> bytes of metrics.csv.</summary>
    private void WriteState(int finished, long metricsBytes)
    {
        var l = Begun;
        var state = new RunState(l.Fingerprint, l.Targets.Count, TotalSeconds, l.EarlierIterations + Last.Iteration, l.EarlierSampleSteps + Last.SampleSteps)
        {
            Finished = finished,
            MetricsBytes = metricsBytes,
        };
        AtomicFile.WriteText(PathOf(StateFile), JsonSerializer.Serialize(state, Json));
    }

    /// <summary>Writes index.csv (atomically), a row per target from the names and which are done, then the skipped files.</summary>
    private void WriteIndex()
    {
        var l = Begun;
        AtomicFile.Write(PathOf(IndexFile), stream =>
        {
            using var index = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            index.Write(IndexHeader + "\n");
            for (int i = 0; i < l.Targets.Count; i++)
            {
                bool done = l.Tables.Metrics.IsDone(i);
                index.Write(FormattableString.Invariant($"{i},{Csv.Quote(l.Targets.Name(i))},{(done ? "true" : "false")},{(done ? ReconstructionsFolder + "/" + ReconstructionName(i) : string.Empty)},{(done ? "done" : "pending")}\n"));
            }

            foreach (string skipped in l.Targets.Skipped)
            {
                index.Write(FormattableString.Invariant($",{Csv.Quote(skipped)},false,,skipped\n"));
            }
        });
    }

    /// <summary>"NAME.npy" for a latent's file in <see cref="LatentsFolder"/>: characters a file name cannot hold (a cut point's '/') become '_'.</summary>
    public static string LatentFileName(string name) =>
        new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).TrimStart('.') + ".npy";

    /// <summary>The open tables of a folder: latents (and one file per latent with several), reconstructions, metrics.</summary>
    private sealed record Tables(NpyRowFile Latents, NpyRowFile Reconstructions, (string Name, NpyRowFile File)[] Several, MetricsLog Metrics) : IDisposable
    {
        public void Dispose()
        {
            Latents.Dispose();
            Reconstructions.Dispose();
            foreach (var (_, file) in Several)
            {
                file.Dispose();
            }

            Metrics.Dispose();
        }
    }

    /// <summary>What a job laid out in the folder: the shapes, the open tables and the counts of earlier runs (nothing per image).</summary>
    private sealed class Layout(TargetSource targets, int[] latentShape, int[] imageShape, PixelRange range, string fingerprint, int flushEvery, (string Name, int[] Shape)[] several) : IDisposable
    {
        public TargetSource Targets { get; } = targets;

        public int[] LatentShape { get; } = latentShape;

        public int[] ImageShape { get; } = imageShape;

        public PixelRange Range { get; } = range;

        public string Fingerprint { get; } = fingerprint;

        public int FlushEvery { get; } = flushEvery;

        /// <summary>With several latents, each of them (files in <see cref="LatentsFolder"/>); empty for one.</summary>
        public (string Name, int[] Shape)[] Several { get; } = several;

        public int ImageLength { get; } = imageShape.Aggregate(1, (a, d) => a * d);

        public Tables? OpenTables { get; set; }

        public Tables Tables => OpenTables ?? throw new InvalidOperationException("the run folder's tables are not open");

        public int Unflushed { get; set; }

        public int Resumed { get; set; }

        public double EarlierSeconds { get; set; }

        public long EarlierIterations { get; set; }

        public long EarlierSampleSteps { get; set; }

        public void Dispose() => OpenTables?.Dispose();
    }
}
