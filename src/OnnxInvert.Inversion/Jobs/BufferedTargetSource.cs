using System.Globalization;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>A <see cref="TargetSource"/> that decodes every image when opened and keeps them as one tensor.</summary>
internal sealed class BufferedTargetSource : TargetSource
{
    private readonly float[] _data;
    private readonly string[] _names;
    private readonly int _length;

    private BufferedTargetSource(string path, float[] data, string[] names, IReadOnlyList<string>? skipped = null)
    {
        Path = path;
        Skipped = skipped ?? [];
        _data = data;
        _names = names;
        _length = names.Length == 0 ? 0 : data.Length / names.Length;
    }

    public override string Path { get; }

    public override int Count => _names.Length;

    public override IReadOnlyList<string> Skipped { get; }

    public override string Name(int index) => _names[index];

    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var data = new float[indices.Count * _length];
        for (int k = 0; k < indices.Count; k++)
        {
            _data.AsSpan(indices[k] * _length, _length).CopyTo(data.AsSpan(k * _length));
        }

        return new InversionTargets(data, indices.Count, [.. indices.Select(i => _names[i])], [.. indices], initialLatents);
    }

    public static BufferedTargetSource Load(string path, TargetFormat format, Action<string> notice)
    {
        var shape = format.ImageShape;
        if (shape.Count != 3 || shape.Any(d => d < 1))
        {
            throw new InvalidOperationException($"the generator's image is [{string.Join(", ", shape)}] per sample; image targets need [C, H, W]");
        }

        var spec = new ImageTensorSpec((int)shape[0], (int)shape[1], (int)shape[2], PixelRange.ZeroToOne)
        {
            ResizeToFit = format.Resize,
            AllowedConversions = format.Resize ? ChannelConversion.All : ChannelConversion.None,
        };
        if (Directory.Exists(path))
        {
            var folder = new ImageReader().ReadFolder(path);
            var skipped = new List<string>();
            foreach (var error in folder.Errors)
            {
                notice($"skipping {error.FilePath}: {error.Message}");
                skipped.Add(error.FilePath);
            }

            if (folder.Images.Count == 0)
            {
                throw new FileNotFoundException(folder.Errors.Count == 0
                    ? $"{path}: no .png, .jpg or .jpeg files in the folder"
                    : $"{path}: none of the {folder.Errors.Count} image files could be read");
            }

            var fitting = FittingImages(folder.Images, spec, notice, skipped);
            DroppedAlphaNotice.Report(fitting, spec, notice);
            return FromImages(path, fitting, spec, format.Range, skipped);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder");
        }

        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            return FromNpy(path, shape, format);
        }

        DecodedImage[] listed = IsManifest(path) ? [.. ManifestEntries(path).Select(e => new ImageReader().Read(e))] : [new ImageReader().Read(path)];
        DroppedAlphaNotice.Report(listed, spec, notice);
        return FromImages(path, listed, spec, format.Range);
    }

    /// <summary>Whether <paramref name="path"/> is a manifest: a <c>.txt</c> (one image path a line) or <c>.csv</c> (a <c>path</c> column).</summary>
    private static bool IsManifest(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The image paths a manifest lists, in its order, relative ones taken from the manifest's folder: a <c>.txt</c>
    /// holds one path a line (empty lines and lines starting with <c>#</c> skipped); a <c>.csv</c> has a header with a
    /// <c>path</c> column and no other (condition columns are not supported yet) and no quoted fields.
    /// </summary>
    /// <exception cref="FormatException">The CSV has no <c>path</c> column, other columns, or a line with another field count.</exception>
    /// <exception cref="FileNotFoundException">A listed image does not exist (the line is named), or the manifest lists none.</exception>
    private static List<string> ManifestEntries(string manifest)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifest)) ?? ".";
        string[] lines = File.ReadAllLines(manifest);
        bool csv = manifest.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        int first = 0;
        if (csv)
        {
            string[] header = lines.Length == 0 ? [] : lines[0].Split(',').Select(h => h.Trim()).ToArray();
            if (!header.Contains("path", StringComparer.Ordinal))
            {
                throw new FormatException($"{manifest}: a CSV manifest needs a header line with a 'path' column");
            }

            if (header.Length > 1)
            {
                throw new FormatException($"{manifest}: only the 'path' column is supported; condition columns ({string.Join(", ", header.Where(h => h != "path"))}) are not yet");
            }

            first = 1;
        }

        var entries = new List<string>();
        for (int n = first; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || (!csv && line.StartsWith('#')))
            {
                continue;
            }

            if (csv && line.Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{n + 1}: quoted CSV fields are not supported; list such paths in a .txt manifest"));
            }

            string entry = System.IO.Path.Combine(folder, line);
            if (!File.Exists(entry))
            {
                throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{n + 1}: {line}: no such file"), entry);
            }

            entries.Add(entry);
        }

        return entries.Count > 0 ? entries : throw new FileNotFoundException($"{manifest}: the manifest lists no images", manifest);
    }

    /// <summary>
    /// The images of a folder that fit <paramref name="spec"/>; one of another size or channel count is skipped like an
    /// undecodable file (noticed and added to <paramref name="skipped"/>). When none fits, the first one's error is thrown.
    /// </summary>
    private static List<DecodedImage> FittingImages(IReadOnlyList<DecodedImage> images, ImageTensorSpec spec, Action<string> notice, List<string> skipped)
    {
        var fitting = new List<DecodedImage>();
        ImageFormatException? first = null;
        foreach (var image in images)
        {
            try
            {
                spec.Conform(image);
                fitting.Add(image);
            }
            catch (ImageFormatException ex) when (ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch)
            {
                first ??= ex;
                notice($"skipping {ex.FilePath}: {ex.Detail} (pass --resize to resize and convert images)");
                skipped.Add(image.Name);
            }
        }

        return fitting.Count > 0 || first is null ? fitting : throw first;
    }

    private static BufferedTargetSource FromImages(string path, IReadOnlyList<DecodedImage> decoded, ImageTensorSpec spec, (float Low, float High) range, IReadOnlyList<string>? skipped = null)
    {
        var images = decoded.Select(spec.Conform).ToArray();
        var batch = ImageBatch.FromImages(images, spec);
        float[] data = batch.Data.ToArray();
        float span = range.High - range.Low;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = range.Low + (data[i] * span);
        }

        return new BufferedTargetSource(path, data, [.. decoded.Select(i => i.Name)], skipped);
    }

    private static BufferedTargetSource FromNpy(string path, IReadOnlyList<long> imageShape, TargetFormat format)
    {
        var array = NpyFile.Read(path);
        int[] expected = [.. imageShape.Select(d => (int)d)];
        int[] own = [.. Models.ImageLayoutConversion.SampleShape(format.Layout, imageShape).Select(d => (int)d)];
        var shape = array.Shape;
        bool nchw = shape.Count == 4 && shape.Skip(1).SequenceEqual(expected);
        if (!nchw && !(shape.Count == own.Length + 1 && shape.Skip(1).SequenceEqual(own)))
        {
            string alternative = own.SequenceEqual(expected) ? string.Empty : $" or (N, {string.Join(", ", own)}) in the model's {format.Layout} layout";
            throw new FormatException($"{path}: the array is ({string.Join(", ", shape)}); expected (N, {string.Join(", ", expected)}){alternative} for this generator");
        }

        if (shape[0] == 0)
        {
            throw new FormatException($"{path}: the array ({string.Join(", ", shape)}) holds no images");
        }

        float[] data = array.ToSingleArray();
        NonFiniteValues.ThrowIfAny(data, shape, path);
        if (!nchw)
        {
            data = Models.ImageLayoutConversion.ToNchw(data, shape[0], format.Layout, imageShape);
        }

        TargetRange.Apply(data, shape, path, format);
        string stem = System.IO.Path.GetFileName(path);
        return new BufferedTargetSource(path, data, [.. Enumerable.Range(0, shape[0]).Select(i => $"{stem}[{i}]")]);
    }
}
