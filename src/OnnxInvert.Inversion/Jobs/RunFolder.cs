using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The output folder of an inversion job, held exclusively (a lock file) while open. Finished images are kept in
/// memory and written every <c>flushEvery</c> results (and at the end), each file atomically: latents.npy (row i =
/// image i), reconstructions.npy, index.csv, metrics.csv, curve.csv, then state.json, which lists the finished images
/// and is written last, so a resumed run trusts exactly the rows the other files already hold. A reconstruction PNG is
/// written per image as it finishes; pairs.png and summary.json at the end. Every file name is a constant here.
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

    /// <summary>The rows of the finished images, in index order.</summary>
    public IEnumerable<ResultRow> Rows => _layout?.Rows.OfType<ResultRow>() ?? [];

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

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Lays out the folder for <paramref name="targets"/>, taking up an earlier run's state when resuming. With several
    /// <paramref name="latents"/> (name and shape per sample; the first is <paramref name="latentShape"/>'s) each is also
    /// kept in latents/NAME.npy.
    /// </summary>
    internal void Begin(TargetSource targets, int[] latentShape, int[] imageShape, PixelRange range, string fingerprint, int flushEvery, IReadOnlyList<(string Name, int[] Shape)>? latents = null)
    {
        _layout = new Layout(targets, latentShape, imageShape, range, fingerprint, Math.Max(1, flushEvery))
        {
            Several = latents is { Count: > 1 } ? [.. latents.Select(l => new NamedLatent(l.Name, l.Shape, targets.Count))] : [],
        };
        string statePath = PathOf(StateFile);
        if (Options.Resume && File.Exists(statePath))
        {
            LoadState(statePath);
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
    internal int[] Pending => Enumerable.Range(0, Begun.Rows.Length).Where(i => Begun.Rows[i] is null).ToArray();

    private Layout Begun => _layout ?? throw new InvalidOperationException("the run folder has no job yet");

    /// <summary>Records a progress report (curve and iteration counts).</summary>
    internal void Record(InversionProgress progress)
    {
        Last = progress;
        Curve.Add(progress);
    }

    /// <summary>Keeps a finished image and writes its reconstruction PNG; flushes every <c>flushEvery</c> results.</summary>
    internal void Add(InversionResult result)
    {
        var l = Begun;
        int i = result.Index;
        result.Latent.CopyTo(l.Latents.AsSpan(i * l.LatentSize, l.LatentSize));
        foreach (var latent in l.Several)
        {
            result.Latents[latent.Name].CopyTo(latent.Values.AsSpan(i * latent.Size, latent.Size));
        }

        result.Reconstruction.CopyTo(l.Reconstructions.AsSpan(i * l.ImageLength, l.ImageLength));
        l.Rows[i] = ResultRow.From(result);
        var png = ToUnitBatch(l.Reconstructions, [i], [l.Targets.Name(i)]).ToImage(0);
        AtomicFile.Write(System.IO.Path.Combine(Path, ReconstructionsFolder, ReconstructionName(i)), s => s.Write(PngFile.Encode(png)));
        if (++l.Unflushed >= l.FlushEvery)
        {
            Flush();
        }
    }

    /// <summary>Writes every table, the curve, then the state.</summary>
    internal void Flush()
    {
        var l = Begun;
        AtomicFile.Write(PathOf(LatentsFile), s => NpyFile.Write(s, NpyArray.Create<float>(l.Latents, [l.Targets.Count, .. l.LatentShape])));
        if (l.Several.Length > 0)
        {
            Directory.CreateDirectory(PathOf(LatentsFolder));
            foreach (var latent in l.Several)
            {
                AtomicFile.Write(System.IO.Path.Combine(PathOf(LatentsFolder), LatentFileName(latent.Name)), s => NpyFile.Write(s, NpyArray.Create<float>(latent.Values, [l.Targets.Count, .. latent.Shape])));
            }
        }
        AtomicFile.Write(PathOf(ReconstructionsFile), s => NpyFile.Write(s, NpyArray.Create<float>(l.Reconstructions, [l.Targets.Count, .. l.ImageShape])));
        var index = new StringBuilder(IndexHeader + "\n");
        var metrics = new StringBuilder(ResultRow.CsvHeader + "\n");
        for (int i = 0; i < l.Rows.Length; i++)
        {
            bool done = l.Rows[i] is not null;
            index.Append(FormattableString.Invariant($"{i},{Csv.Quote(l.Targets.Name(i))},{(done ? "true" : "false")},{(done ? ReconstructionsFolder + "/" + ReconstructionName(i) : string.Empty)},{(done ? "done" : "pending")}\n"));
            if (l.Rows[i] is { } row)
            {
                metrics.Append(row.ToCsv()).Append('\n');
            }
        }

        foreach (string skipped in l.Targets.Skipped)
        {
            index.Append(FormattableString.Invariant($",{Csv.Quote(skipped)},false,,skipped\n"));
        }

        AtomicFile.WriteText(PathOf(IndexFile), index.ToString());
        AtomicFile.WriteText(PathOf(MetricsFile), metrics.ToString());
        if (Curve.Iterations > 0)
        {
            Curve.Write(Path);
        }

        var state = new RunState(l.Fingerprint, l.Targets.Count, [.. Rows], TotalSeconds, l.EarlierIterations + Last.Iteration, l.EarlierSampleSteps + Last.SampleSteps);
        AtomicFile.WriteText(PathOf(StateFile), JsonSerializer.Serialize(state, Json));
        l.Unflushed = 0;
    }

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

    /// <summary>Writes the target | reconstruction grid of the finished images.</summary>
    internal void WritePairs()
    {
        var l = Begun;
        int[] done = Enumerable.Range(0, l.Rows.Length).Where(i => l.Rows[i] is not null).ToArray();
        if (done.Length == 0)
        {
            return;
        }

        string[] names = [.. done.Select(l.Targets.Name)];
        var targets = l.Targets.Read(done);
        var grid = ImageGrid.ComposePairs(ToUnitBatch(targets.Data, [.. Enumerable.Range(0, done.Length)], names), ToUnitBatch(l.Reconstructions, done, names), pairsPerRow: Math.Max(1, (int)Math.Ceiling(Math.Sqrt(done.Length))));
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

    private ImageBatch ToUnitBatch(float[] source, int[] positions, string[] names)
    {
        var l = Begun;
        int length = l.ImageLength;
        var data = new float[positions.Length * length];
        float span = l.Range.High - l.Range.Low;
        for (int k = 0; k < positions.Length; k++)
        {
            var from = source.AsSpan(positions[k] * length, length);
            var to = data.AsSpan(k * length, length);
            for (int p = 0; p < length; p++)
            {
                to[p] = (from[p] - l.Range.Low) / span;
            }
        }

        return new ImageBatch(data, positions.Length, l.ImageShape[0], l.ImageShape[1], l.ImageShape[2], PixelRange.ZeroToOne, names);
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

        if (state.Results is null || state.Results.Any(r => r is null || r.Index < 0 || r.Index >= l.Rows.Length))
        {
            throw new RunFolderException(Path, RunFolderProblem.Unreadable, $"{path}: a result's index is outside the {l.Rows.Length} images; remove the folder or choose another");
        }

        float[] latents = NpyFile.Read(PathOf(LatentsFile)).ToSingleArray();
        float[] reconstructions = NpyFile.Read(PathOf(ReconstructionsFile)).ToSingleArray();
        if (latents.Length != l.Latents.Length || reconstructions.Length != l.Reconstructions.Length)
        {
            throw new RunFolderException(Path, RunFolderProblem.Unreadable, $"{Path}: {LatentsFile} or {ReconstructionsFile} does not match {StateFile}; remove the folder or choose another");
        }

        var several = l.Several.Select(latent => (latent, Values: NpyFile.Read(System.IO.Path.Combine(PathOf(LatentsFolder), LatentFileName(latent.Name))).ToSingleArray())).ToArray();
        if (several.Any(p => p.Values.Length != p.latent.Values.Length))
        {
            throw new RunFolderException(Path, RunFolderProblem.Unreadable, $"{Path}: a file in {LatentsFolder}/ does not match {StateFile}; remove the folder or choose another");
        }

        foreach (var row in state.Results)
        {
            foreach (var (latent, values) in several)
            {
                values.AsSpan(row.Index * latent.Size, latent.Size).CopyTo(latent.Values.AsSpan(row.Index * latent.Size));
            }

            l.Rows[row.Index] = row;
            latents.AsSpan(row.Index * l.LatentSize, l.LatentSize).CopyTo(l.Latents.AsSpan(row.Index * l.LatentSize));
            reconstructions.AsSpan(row.Index * l.ImageLength, l.ImageLength).CopyTo(l.Reconstructions.AsSpan(row.Index * l.ImageLength));
        }

        l.Resumed = state.Results.Length;
        l.EarlierSeconds = state.WallSeconds;
        l.EarlierIterations = state.Iterations;
        l.EarlierSampleSteps = state.SampleSteps;
    }

    /// <summary>"NAME.npy" for a latent's file in <see cref="LatentsFolder"/>: characters a file name cannot hold (a cut point's '/') become '_'.</summary>
    public static string LatentFileName(string name) =>
        new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).TrimStart('.') + ".npy";

    /// <summary>One latent of several: its name, shape per sample and every image's values.</summary>
    private sealed class NamedLatent(string name, int[] shape, int images)
    {
        public string Name { get; } = name;

        public int[] Shape { get; } = shape;

        public int Size { get; } = shape.Aggregate(1, (a, d) => a * d);

        public float[] Values { get; } = new float[images * shape.Aggregate(1, (a, d) => a * d)];
    }

    /// <summary>What a job laid out in the folder: the shapes and the finished images' tensors and rows.</summary>
    private sealed class Layout(TargetSource targets, int[] latentShape, int[] imageShape, PixelRange range, string fingerprint, int flushEvery)
    {
        public TargetSource Targets { get; } = targets;

        public int[] LatentShape { get; } = latentShape;

        public int[] ImageShape { get; } = imageShape;

        public PixelRange Range { get; } = range;

        public string Fingerprint { get; } = fingerprint;

        public int FlushEvery { get; } = flushEvery;

        /// <summary>With several latents, each of them (files in <see cref="LatentsFolder"/>); empty for one.</summary>
        public NamedLatent[] Several { get; init; } = [];

        public int LatentSize { get; } = latentShape.Aggregate(1, (a, d) => a * d);

        public int ImageLength { get; } = imageShape.Aggregate(1, (a, d) => a * d);

        public float[] Latents { get; } = new float[targets.Count * latentShape.Aggregate(1, (a, d) => a * d)];

        public float[] Reconstructions { get; } = new float[targets.Count * imageShape.Aggregate(1, (a, d) => a * d)];

        public ResultRow?[] Rows { get; } = new ResultRow?[targets.Count];

        public int Unflushed { get; set; }

        public int Resumed { get; set; }

        public double EarlierSeconds { get; set; }

        public long EarlierIterations { get; set; }

        public long EarlierSampleSteps { get; set; }
    }
}
