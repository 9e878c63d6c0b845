using System.Buffers;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>
/// An .npy array [N, ...] of targets read by rows when needed, never whole. Opening checks the shape and makes one
/// pass over the rows in chunks, refusing a NaN or infinity and values far outside the generator's range (the error
/// names the file and the first bad index in the whole array) before anything is inverted.
/// </summary>
internal sealed class NpyTargetSource : TargetSource
{
    /// <summary>
    /// Bytes the opening check reads at a time, at most: below the runtime's large-object threshold (85,000 bytes), so
    /// the buffers of a pass over millions of rows are short-lived garbage and do not raise the process's peak memory
    /// with the file's size (rows larger than this are read one at a time).
    /// </summary>
    internal const int CheckChunkBytes = 64 * 1024;

    private readonly NpyRowReader _reader;
    private readonly TargetFormat _format;
    private readonly bool _nchw;
    private readonly string _stem;

    private NpyTargetSource(string path, NpyRowReader reader, TargetFormat format, bool nchw)
    {
        Path = path;
        _reader = reader;
        _format = format;
        _nchw = nchw;
        _stem = System.IO.Path.GetFileName(path);
        ImageLength = (int)format.ImageShape.Aggregate(1L, (a, d) => a * d);
    }

    public override string Path { get; }

    public override int Count => _reader.Rows;

    public override string Name(int index) => $"{_stem}[{index}]";

    /// <summary>Opens and checks <paramref name="path"/> (see the class).</summary>
    /// <exception cref="FormatException">The shape does not fit, the array is empty, or a value is not finite or out of range.</exception>
    public static NpyTargetSource Open(string path, TargetFormat format)
    {
        var reader = NpyRowReader.Open(path);
        var imageShape = format.ImageShape;
        int[] expected = [.. imageShape.Select(d => (int)d)];
        int[] own = [.. Models.ImageLayoutConversion.SampleShape(format.Layout, imageShape).Select(d => (int)d)];
        var shape = reader.Shape;
        bool nchw = shape.Length == 4 && shape.Skip(1).SequenceEqual(expected);
        if (!nchw && !(shape.Length == own.Length + 1 && shape.Skip(1).SequenceEqual(own)))
        {
            string alternative = own.SequenceEqual(expected) ? string.Empty : $" or (N, {string.Join(", ", own)}) in the model's {format.Layout} layout";
            throw new FormatException($"{path}: the array is ({string.Join(", ", shape)}); expected (N, {string.Join(", ", expected)}){alternative} for this generator");
        }

        if (shape[0] == 0)
        {
            throw new FormatException($"{path}: the array ({string.Join(", ", shape)}) holds no images");
        }

        var source = new NpyTargetSource(path, reader, format, nchw);
        int length = expected.Aggregate(1, (a, d) => a * d);
        int chunk = CheckRows(reader, length);
        var check = new float[chunk * length];
        for (int first = 0; first < reader.Rows; first += chunk)
        {
            int rows = Math.Min(chunk, reader.Rows - first);
            source.ReadRows(first, rows, check.AsSpan(0, rows * length));
        }

        return source;
    }

    /// <summary>Rows the opening check reads at a time: as many as fit <see cref="CheckChunkBytes"/> in the file and as floats, at least one.</summary>
    internal static int CheckRows(NpyRowReader reader, int rowLength) => Math.Max(1, CheckChunkBytes / Math.Max(1, Math.Max(reader.RowBytes, rowLength * sizeof(float))));

    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var data = new float[indices.Count * ImageLength];
        ForEachRun(indices, (k, rows) => rows.CopyTo(data.AsSpan(k * ImageLength)));
        return new InversionTargets(data, indices.Count, [.. indices.Select(Name)], [.. indices], initialLatents);
    }

    /// <summary>
    /// Each target in an array of its own, so that the images a streaming run holds are small objects that die young
    /// (one array for a whole read would sit on the large-object heap, collected only with the oldest generation:
    /// docs/benchmarks.md, "Streaming batch projection").
    /// </summary>
    public override IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var targets = new FeedTarget[indices.Count];
        ForEachRun(indices, (k, rows) =>
        {
            for (int r = 0; r * ImageLength < rows.Length; r++)
            {
                targets[k + r] = new FeedTarget(rows.Slice(r * ImageLength, ImageLength).ToArray(), indices[k + r], Name(indices[k + r]));
            }
        });
        return targets;
    }

    /// <summary>Values in one image.</summary>
    private int ImageLength { get; }

    /// <summary>
    /// Reads each run of consecutive indices in one seek, into a pooled buffer handed to <paramref name="use"/> with
    /// the run's position in <paramref name="indices"/> (valid only during the call).
    /// </summary>
    private void ForEachRun(IReadOnlyList<int> indices, RunAction use)
    {
        int length = ImageLength;
        for (int k = 0; k < indices.Count;)
        {
            int run = 1;
            while (k + run < indices.Count && indices[k + run] == indices[k] + run)
            {
                run++;
            }

            float[] buffer = ArrayPool<float>.Shared.Rent(run * length);
            try
            {
                var rows = buffer.AsSpan(0, run * length);
                ReadRows(indices[k], run, rows);
                use(k, rows);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }

            k += run;
        }
    }

    private delegate void RunAction(int position, ReadOnlySpan<float> rows);

    /// <summary>Rows [first, first + count) into <paramref name="into"/>, in NCHW and the generator's range, checked.</summary>
    private void ReadRows(int first, int count, Span<float> into)
    {
        _reader.ReadInto(first, count, into);
        int[] shape = [count, .. _reader.Shape.Skip(1)];
        try
        {
            NonFiniteValues.ThrowIfAny(into, shape, Path);
        }
        catch (NonFiniteDataException ex)
        {
            int perImage = into.Length / count;
            var index = ex.Index.ToArray();
            index[0] += first;
            throw new NonFiniteDataException(Path, checked((first * perImage) + ex.FlatIndex), index, shape.Length == NonFiniteValues.ImageAxes.Count ? NonFiniteValues.ImageAxes : null, ex.Value, ex.MoreCount);
        }

        if (!_nchw)
        {
            Models.ImageLayoutConversion.ToNchw(into, count, _format.Layout, _format.ImageShape).CopyTo(into);
        }

        TargetRange.Apply(into, shape, Path, _format, first);
    }
}
