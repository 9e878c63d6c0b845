using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// The output folder of <c>invert</c>. Finished images are kept in memory and written every <c>flushEvery</c> results
/// (and at the end), each file through a temporary file and a rename: latents.npy (row i = image i), reconstructions.npy,
/// index.csv, metrics.csv, then state.json, which lists the finished images and is written last, so a resumed run
/// trusts exactly the rows the other files already hold. A reconstruction PNG is written per image as it finishes.
/// </summary>
internal sealed class ResultStore
{
    public const string StateFile = "state.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly string _dir;
    private readonly TargetSet _targets;
    private readonly int[] _latentShape;
    private readonly int[] _imageShape;
    private readonly (float Low, float High) _range;
    private readonly string _fingerprint;
    private readonly int _flushEvery;
    private readonly float[] _latents;
    private readonly float[] _reconstructions;
    private readonly ResultRow?[] _rows;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _unflushed;

    private ResultStore(string dir, TargetSet targets, int[] latentShape, int[] imageShape, (float, float) range, string fingerprint, int flushEvery)
    {
        _dir = dir;
        _targets = targets;
        _latentShape = latentShape;
        _imageShape = imageShape;
        _range = range;
        _fingerprint = fingerprint;
        _flushEvery = flushEvery;
        _latents = new float[targets.Count * LatentSize];
        _reconstructions = new float[targets.Count * ImageLength];
        _rows = new ResultRow?[targets.Count];
    }

    private int LatentSize => _latentShape.Aggregate(1, (a, d) => a * d);

    private int ImageLength => _imageShape.Aggregate(1, (a, d) => a * d);

    /// <summary>Images finished in an earlier run (resume).</summary>
    public int Resumed { get; private set; }

    /// <summary>Seconds spent on this folder by earlier runs that were resumed (as of their last flush); 0 for a fresh run.</summary>
    public double EarlierSeconds { get; private set; }

    /// <summary>Seconds spent on this folder in all runs: the earlier ones plus this one since the store was opened.</summary>
    public double TotalSeconds => EarlierSeconds + _clock.Elapsed.TotalSeconds;

    /// <summary>The rows written so far.</summary>
    public IEnumerable<ResultRow> Rows => _rows.OfType<ResultRow>();

    /// <summary>The indices of images not yet inverted.</summary>
    public int[] Pending => Enumerable.Range(0, _rows.Length).Where(i => _rows[i] is null).ToArray();

    /// <summary>Opens <paramref name="dir"/>: creates it, or with <paramref name="resume"/> takes up the finished images of an earlier run.</summary>
    public static ResultStore Open(string dir, TargetSet targets, int[] latentShape, int[] imageShape, (float, float) range, string fingerprint, bool resume, int flushEvery, Action<string> notice)
    {
        Directory.CreateDirectory(Path.Combine(dir, "reconstructions"));
        var store = new ResultStore(dir, targets, latentShape, imageShape, range, fingerprint, flushEvery);
        string statePath = Path.Combine(dir, StateFile);
        if (!File.Exists(statePath))
        {
            if (resume)
            {
                notice($"{dir}: nothing to resume; starting afresh");
            }

            return store;
        }

        if (!resume)
        {
            throw new UsageException($"{dir} already holds results of an inversion; pass --resume to continue it, or choose another --out");
        }

        store.LoadState(statePath);
        return store;
    }

    public void Add(InversionResult result)
    {
        int i = result.Index;
        result.Latent.CopyTo(_latents.AsSpan(i * LatentSize, LatentSize));
        result.Reconstruction.CopyTo(_reconstructions.AsSpan(i * ImageLength, ImageLength));
        _rows[i] = ResultRow.From(result);
        var png = ToUnitBatch(_reconstructions, [i]).ToImage(0);
        AtomicWriter.Write(Path.Combine(_dir, "reconstructions", ReconstructionName(i)), s => s.Write(PngFile.Encode(png)));
        if (++_unflushed >= _flushEvery)
        {
            Flush();
        }
    }

    /// <summary>Writes every table and the state.</summary>
    public void Flush()
    {
        AtomicWriter.Write(Path.Combine(_dir, "latents.npy"), s => NpyFile.Write(s, NpyArray.Create<float>(_latents, [_targets.Count, .. _latentShape])));
        AtomicWriter.Write(Path.Combine(_dir, "reconstructions.npy"), s => NpyFile.Write(s, NpyArray.Create<float>(_reconstructions, [_targets.Count, .. _imageShape])));
        var index = new StringBuilder("index,source,done,reconstruction\n");
        var metrics = new StringBuilder(ResultRow.CsvHeader + "\n");
        for (int i = 0; i < _rows.Length; i++)
        {
            bool done = _rows[i] is not null;
            index.Append(FormattableString.Invariant($"{i},{Csv.Quote(_targets.Names[i])},{(done ? "true" : "false")},{(done ? "reconstructions/" + ReconstructionName(i) : string.Empty)}\n"));
            if (_rows[i] is { } row)
            {
                metrics.Append(row.ToCsv()).Append('\n');
            }
        }

        AtomicWriter.WriteText(Path.Combine(_dir, "index.csv"), index.ToString());
        AtomicWriter.WriteText(Path.Combine(_dir, "metrics.csv"), metrics.ToString());
        var state = new State(_fingerprint, _targets.Count, Rows.ToArray(), TotalSeconds);
        AtomicWriter.WriteText(Path.Combine(_dir, StateFile), JsonSerializer.Serialize(state, Json));
        _unflushed = 0;
    }

    /// <summary>Writes the target | reconstruction grid of the finished images.</summary>
    public void WritePairs()
    {
        int[] done = Enumerable.Range(0, _rows.Length).Where(i => _rows[i] is not null).ToArray();
        if (done.Length == 0)
        {
            return;
        }

        var grid = ImageGrid.ComposePairs(ToUnitBatch(_targets.Data, done), ToUnitBatch(_reconstructions, done), pairsPerRow: Math.Max(1, (int)Math.Ceiling(Math.Sqrt(done.Length))));
        AtomicWriter.Write(Path.Combine(_dir, "pairs.png"), s => s.Write(PngFile.Encode(grid)));
    }

    public void WriteSummary(object summary) =>
        AtomicWriter.WriteText(Path.Combine(_dir, "summary.json"), JsonSerializer.Serialize(summary, Json));

    private static string ReconstructionName(int index) => FormattableString.Invariant($"{index:D5}.png");

    private ImageBatch ToUnitBatch(float[] source, int[] indices)
    {
        int length = ImageLength;
        var data = new float[indices.Length * length];
        float span = _range.High - _range.Low;
        for (int k = 0; k < indices.Length; k++)
        {
            var from = source.AsSpan(indices[k] * length, length);
            var to = data.AsSpan(k * length, length);
            for (int p = 0; p < length; p++)
            {
                to[p] = (from[p] - _range.Low) / span;
            }
        }

        return new ImageBatch(data, indices.Length, _imageShape[0], _imageShape[1], _imageShape[2], PixelRange.ZeroToOne, [.. indices.Select(i => _targets.Names[i])]);
    }

    private void LoadState(string path)
    {
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllText(path), Json) ?? throw new FormatException("empty");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: unreadable state ({ex.Message}); remove the folder or choose another --out", ex);
        }

        if (state.Fingerprint != _fingerprint || state.Images != _targets.Count)
        {
            throw new UsageException($"{_dir} holds an inversion with other settings or images; resume with the same command line, or choose another --out");
        }

        float[] latents = NpyFile.Read(Path.Combine(_dir, "latents.npy")).ToSingleArray();
        float[] reconstructions = NpyFile.Read(Path.Combine(_dir, "reconstructions.npy")).ToSingleArray();
        if (latents.Length != _latents.Length || reconstructions.Length != _reconstructions.Length)
        {
            throw new FormatException($"{_dir}: latents.npy or reconstructions.npy does not match state.json; remove the folder or choose another --out");
        }

        foreach (var row in state.Results)
        {
            _rows[row.Index] = row;
            latents.AsSpan(row.Index * LatentSize, LatentSize).CopyTo(_latents.AsSpan(row.Index * LatentSize));
            reconstructions.AsSpan(row.Index * ImageLength, ImageLength).CopyTo(_reconstructions.AsSpan(row.Index * ImageLength));
        }

        Resumed = state.Results.Length;
        EarlierSeconds = state.WallSeconds;
    }

    /// <summary>state.json. <see cref="WallSeconds"/> is absent (0) in folders written before it was recorded.</summary>
    private sealed record State(string Fingerprint, int Images, ResultRow[] Results, double WallSeconds = 0);
}
