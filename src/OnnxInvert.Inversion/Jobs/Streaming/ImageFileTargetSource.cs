using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>
/// Image files as targets, decoded when read (a batch ahead of the inversion), so memory holds the file names and not
/// the images: a folder (name order; files that cannot be decoded or do not fit are found by one decoding pass when
/// opened, skipped and reported), one image file, or a manifest's entries (with per-image condition rows from a CSV).
/// </summary>
internal sealed class ImageFileTargetSource : TargetSource
{
    private readonly string[] _files;
    private readonly ImageTensorSpec _spec;
    private readonly PixelRange _range;

    public ImageFileTargetSource(string path, string[] files, ImageTensorSpec spec, PixelRange range, IReadOnlyList<string>? skipped = null, ManifestConditions? conditions = null, IReadOnlyList<int>? skippedPositions = null)
    {
        Path = path;
        _files = files;
        _spec = spec;
        _range = range;
        Skipped = skipped ?? [];
        SkippedPositions = skippedPositions ?? [];
        Conditions = conditions;
    }

    public override string Path { get; }

    public override int Count => _files.Length;

    public override IReadOnlyList<string> Skipped { get; }

    internal override IReadOnlyList<int> SkippedPositions { get; }

    /// <summary>The per-image condition rows of a CSV manifest, or null.</summary>
    internal ManifestConditions? Conditions { get; }

    public override IReadOnlyList<string> ConditionColumns => Conditions?.Columns ?? [];

    public override string Name(int index) => _files[index];

    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new InversionTargets(Decode(indices), indices.Count, [.. indices.Select(i => _files[i])], [.. indices], initialLatents);
    }

    /// <summary>Each image decoded into an array of its own: small objects that die young, where one array for the whole read would sit on the large-object heap.</summary>
    public override IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var reader = new ImageReader();
        return [.. indices.Select(index => new FeedTarget(Decode(reader, [index]), index, _files[index]) { Conditions = Conditions?.Row(index) })];
    }

    private float[] Decode(IReadOnlyList<int> indices) => Decode(new ImageReader(), indices);

    private float[] Decode(ImageReader reader, IReadOnlyList<int> indices)
    {
        var images = indices.Select(i => _spec.Conform(reader.Read(_files[i]))).ToArray();
        if (images.Length == 0)
        {
            return [];
        }

        float[] data = ImageBatch.FromImages(images, _spec).Data.ToArray();
        float span = _range.High - _range.Low;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = _range.Low + (data[i] * span);
        }

        return data;
    }
}
