namespace OnnxInvert.Imaging;

/// <summary>
/// A batch of images as one NCHW float32 tensor in a generator's <see cref="PixelRange"/>, with a source name per
/// image. Built from decoded targets (<see cref="FromImages"/>, <see cref="LoadFolder"/>) or wrapped around a
/// generator's output (the constructor), and turned back into pixels with <see cref="ToImage"/>.
/// </summary>
public sealed class ImageBatch
{
    private readonly float[] _data;
    private readonly string[] _names;

    /// <summary>Wraps an NCHW tensor; the batch takes ownership of <paramref name="data"/> (no copy).</summary>
    /// <param name="data">Exactly count x channels x height x width values.</param>
    /// <param name="count">Images in the batch (N); zero or more.</param>
    /// <param name="channels">Channels (C): 1 to 4.</param>
    /// <param name="height">Height (H); positive.</param>
    /// <param name="width">Width (W); positive.</param>
    /// <param name="range">The range the values are in.</param>
    /// <param name="names">One name per image; <see langword="null"/> for "image0", "image1", ...</param>
    public ImageBatch(float[] data, int count, int channels, int height, int width, PixelRange range, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Spec = new ImageTensorSpec(channels, height, width, range);
        long expected = (long)count * Spec.ImageLength;
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"An NCHW batch [{count}, {channels}, {height}, {width}] needs {expected} values, got {data.LongLength}.", nameof(data));
        }

        if (names is not null && names.Count != count)
        {
            throw new ArgumentException($"Got {names.Count} names for {count} images.", nameof(names));
        }

        _data = data;
        _names = names is null ? [.. Enumerable.Range(0, count).Select(i => $"image{i}")] : [.. names];
        Count = count;
    }

    /// <summary>Images in the batch (N).</summary>
    public int Count { get; }

    /// <summary>Channels, height, width and range of every image.</summary>
    public ImageTensorSpec Spec { get; }

    /// <summary>Channels (C).</summary>
    public int Channels => Spec.Channels;

    /// <summary>Height (H).</summary>
    public int Height => Spec.Height;

    /// <summary>Width (W).</summary>
    public int Width => Spec.Width;

    /// <summary>The value range of <see cref="Data"/>.</summary>
    public PixelRange Range => Spec.Range;

    /// <summary>The NCHW shape: [N, C, H, W].</summary>
    public int[] Shape => [Count, Channels, Height, Width];

    /// <summary>The source name of each image (file paths for loaded targets).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The whole tensor, NCHW, row-major; writable (it is the batch's own storage).</summary>
    public Memory<float> Data => _data;

    /// <summary>The C x H x W values of image <paramref name="index"/>; writable.</summary>
    /// <param name="index">0-based image index.</param>
    public Span<float> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        int length = Spec.ImageLength;
        return _data.AsSpan(index * length, length);
    }

    /// <summary>Image <paramref name="index"/> as 8-bit HWC pixels: values are clamped to <see cref="Range"/> and
    /// rounded to nearest (see <see cref="PixelMapping"/>).</summary>
    /// <param name="index">0-based image index.</param>
    public DecodedImage ToImage(int index)
    {
        ReadOnlySpan<float> chw = GetImage(index);
        int c = Channels;
        int plane = Height * Width;
        var pixels = new byte[chw.Length];
        Span<byte> channelPixels = plane <= 4096 ? stackalloc byte[plane] : new byte[plane];
        for (int channel = 0; channel < c; channel++)
        {
            PixelMapping.ToPixels(chw.Slice(channel * plane, plane), channelPixels, Range);
            for (int p = 0; p < plane; p++)
            {
                pixels[(p * c) + channel] = channelPixels[p];
            }
        }

        return new DecodedImage(_names[index], Width, Height, c, pixels);
    }

    /// <summary>
    /// Builds a batch from decoded images: each is checked against <paramref name="spec"/> (size must match; channels
    /// are converted only as <see cref="ImageTensorSpec.AllowedConversions"/> permits) and mapped into its range.
    /// </summary>
    /// <param name="images">The images; their names become <see cref="Names"/>.</param>
    /// <param name="spec">What the generator produces.</param>
    /// <exception cref="ImageFormatException">An image does not fit <paramref name="spec"/>; the message names it.</exception>
    public static ImageBatch FromImages(IReadOnlyList<DecodedImage> images, ImageTensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(spec);
        var conformed = new DecodedImage[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            conformed[i] = spec.Conform(images[i]);
        }

        return Pack(conformed, spec);
    }

    /// <summary>
    /// Reads every image in <paramref name="directory"/> (sorted; see <see cref="ImageReader.ReadFolder"/>) and packs
    /// those that decode and fit <paramref name="spec"/>. Files that fail to decode or do not fit are reported in
    /// <see cref="ImageBatchLoadResult.Errors"/>; the batch holds the rest (possibly none).
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="spec">What the generator produces.</param>
    /// <param name="reader">The reader (limits); <see langword="null"/> for defaults.</param>
    public static ImageBatchLoadResult LoadFolder(string directory, ImageTensorSpec spec, ImageReader? reader = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        reader ??= new ImageReader();
        ImageFolderResult folder = reader.ReadFolder(directory);
        var errors = new List<ImageLoadError>(folder.Errors);
        var accepted = new List<DecodedImage>(folder.Images.Count);
        foreach (DecodedImage image in folder.Images)
        {
            try
            {
                accepted.Add(spec.Conform(image));
            }
            catch (ImageFormatException ex)
            {
                errors.Add(new ImageLoadError(image.Name, ex));
            }
        }

        errors.Sort(static (a, b) => string.CompareOrdinal(Path.GetFileName(a.FilePath), Path.GetFileName(b.FilePath)));
        return new ImageBatchLoadResult(Pack(accepted, spec), errors);
    }

    private static ImageBatch Pack(IReadOnlyList<DecodedImage> images, ImageTensorSpec spec)
    {
        int plane = spec.Height * spec.Width;
        int c = spec.Channels;
        var data = new float[(long)images.Count * spec.ImageLength];
        var names = new string[images.Count];
        Span<float> lookup = stackalloc float[256];
        for (int v = 0; v < 256; v++)
        {
            lookup[v] = PixelMapping.ToModel((byte)v, spec.Range);
        }

        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<byte> pixels = images[i].Pixels;
            names[i] = images[i].Name;
            Span<float> chw = data.AsSpan(i * spec.ImageLength, spec.ImageLength);
            for (int channel = 0; channel < c; channel++)
            {
                Span<float> destination = chw.Slice(channel * plane, plane);
                for (int p = 0; p < plane; p++)
                {
                    destination[p] = lookup[pixels[(p * c) + channel]];
                }
            }
        }

        return new ImageBatch(data, images.Count, c, spec.Height, spec.Width, spec.Range, names);
    }
}
