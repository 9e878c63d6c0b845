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
        int chunk = CheckRows(reader, expected.Aggregate(1, (a, d) => a * d));
        for (int first = 0; first < reader.Rows; first += chunk)
        {
            source.ReadRows(first, Math.Min(chunk, reader.Rows - first));
        }

        return source;
    }

    /// <summary>Rows the opening check reads at a time: as many as fit <see cref="CheckChunkBytes"/> in the file and as floats, at least one.</summary>
    internal static int CheckRows(NpyRowReader reader, int rowLength) => Math.Max(1, CheckChunkBytes / Math.Max(1, Math.Max(reader.RowBytes, rowLength * sizeof(float))));

    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new InversionTargets(Gather(indices), indices.Count, [.. indices.Select(Name)], [.. indices], initialLatents);
    }

    public override IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        float[] data = Gather(indices);
        int length = indices.Count == 0 ? 0 : data.Length / indices.Count;
        return [.. indices.Select((index, k) => new FeedTarget(data.AsMemory(k * length, length), index, Name(index)))];
    }

    /// <summary>The rows at <paramref name="indices"/>, each run of consecutive indices read in one seek.</summary>
    private float[] Gather(IReadOnlyList<int> indices)
    {
        int length = (int)_format.ImageShape.Aggregate(1L, (a, d) => a * d);
        var data = new float[indices.Count * length];
        for (int k = 0; k < indices.Count;)
        {
            int run = 1;
            while (k + run < indices.Count && indices[k + run] == indices[k] + run)
            {
                run++;
            }

            ReadRows(indices[k], run).CopyTo(data.AsSpan(k * length));
            k += run;
        }

        return data;
    }

    /// <summary>Rows [first, first + count) in NCHW and the generator's range, checked.</summary>
    private float[] ReadRows(int first, int count)
    {
        float[] data = _reader.Read(first, count);
        int[] shape = [count, .. _reader.Shape.Skip(1)];
        try
        {
            NonFiniteValues.ThrowIfAny(data, shape, Path);
        }
        catch (NonFiniteDataException ex)
        {
            int perImage = data.Length / count;
            var index = ex.Index.ToArray();
            index[0] += first;
            throw new NonFiniteDataException(Path, checked((first * perImage) + ex.FlatIndex), index, shape.Length == NonFiniteValues.ImageAxes.Count ? NonFiniteValues.ImageAxes : null, ex.Value, ex.MoreCount);
        }

        if (!_nchw)
        {
            data = Models.ImageLayoutConversion.ToNchw(data, count, _format.Layout, _format.ImageShape);
        }

        TargetRange.Apply(data, shape, Path, _format, first);
        return data;
    }
}
