namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The images to invert, as one contiguous tensor in the generator's output layout and range, with a source name and
/// an index per image (the index names the image in results and seeds its random draws, so a subset of a larger set
/// keeps its indices), and optionally a starting latent per image.
/// </summary>
public sealed class InversionTargets
{
    /// <summary>Wraps <paramref name="data"/> (no copy): <paramref name="count"/> images laid out contiguously.</summary>
    /// <param name="data">count × (values per image) floats.</param>
    /// <param name="count">How many images.</param>
    /// <param name="names">A source name per image; null for "image0", "image1", ...</param>
    /// <param name="indices">An index per image; null for 0, 1, ...</param>
    /// <param name="initialLatents">count × (latent size) starting latents for <see cref="LatentInitialization.Given"/>, or null.</param>
    public InversionTargets(float[] data, int count, IReadOnlyList<string>? names = null, IReadOnlyList<int>? indices = null, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0 && data.Length % count != 0)
        {
            throw new ArgumentException($"{data.Length} values do not split into {count} images of equal size", nameof(data));
        }

        if (names is not null && names.Count != count)
        {
            throw new ArgumentException($"got {names.Count} names for {count} images", nameof(names));
        }

        if (indices is not null && indices.Count != count)
        {
            throw new ArgumentException($"got {indices.Count} indices for {count} images", nameof(indices));
        }

        if (initialLatents is not null && count > 0 && initialLatents.Length % count != 0)
        {
            throw new ArgumentException($"{initialLatents.Length} initial latent values do not split into {count} rows", nameof(initialLatents));
        }

        Data = data;
        Count = count;
        Names = names ?? Enumerable.Range(0, count).Select(i => $"image{i}").ToArray();
        Indices = indices ?? Enumerable.Range(0, count).ToArray();
        InitialLatents = initialLatents;
    }

    /// <summary>The image values, contiguous.</summary>
    public float[] Data { get; }

    /// <summary>How many images.</summary>
    public int Count { get; }

    /// <summary>Values per image.</summary>
    public int ImageLength => Count == 0 ? 0 : Data.Length / Count;

    /// <summary>The source name of each image.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The index of each image.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Starting latents (row per image), when given.</summary>
    public float[]? InitialLatents { get; }

    /// <summary>A new feed that hands out these targets in order (each run takes from its own feed).</summary>
    public ITargetFeed ToFeed() => new TargetsFeed(this);

    /// <summary>Image <paramref name="position"/>'s values.</summary>
    public ReadOnlySpan<float> Image(int position) => Data.AsSpan(position * ImageLength, ImageLength);
}
