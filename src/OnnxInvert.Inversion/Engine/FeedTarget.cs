using System.Globalization;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// One image a feed hands to a running inversion: its values in the generator's output layout and range, the index
/// that names it in results and seeds its random draws (<c>SeedMixer.Mix(seed, Index, restart)</c>, so its result
/// does not depend on its batch mates or on when it was taken), and optional per-image starting latents and
/// condition rows.
/// </summary>
public sealed class FeedTarget
{
    /// <summary>A target with <paramref name="image"/>'s values (not copied; keep them unchanged while it runs).</summary>
    /// <param name="image">The image, in the generator's output layout and range.</param>
    /// <param name="index">The image's index (results and seeds).</param>
    /// <param name="name">The source name; null for "image{index}".</param>
    public FeedTarget(ReadOnlyMemory<float> image, int index, string? name = null)
    {
        Image = image;
        Index = index;
        Name = name ?? string.Create(CultureInfo.InvariantCulture, $"image{index}");
    }

    /// <summary>The image values.</summary>
    public ReadOnlyMemory<float> Image { get; }

    /// <summary>The image's index: names it in results and seeds its draws.</summary>
    public int Index { get; }

    /// <summary>The source name (a file name, a request key).</summary>
    public string Name { get; }

    /// <summary>
    /// Where latents start for the image's first attempt, by latent name (each the latent's size); a latent named
    /// here starts from these values whatever its configured <see cref="Starts.LatentStart"/>. Null or a missing
    /// name: the configured start.
    /// </summary>
    public IReadOnlyDictionary<string, float[]>? StartLatents { get; init; }

    /// <summary>
    /// The image's own values for condition inputs, by input name (one row: the input's values per image); they
    /// override <see cref="InversionOptions.Conditions"/> for this image. Null or a missing name: the options' value.
    /// </summary>
    public IReadOnlyDictionary<string, double[]>? Conditions { get; init; }

    /// <summary>The caller's own object, handed back in <see cref="InversionResult.Tag"/>.</summary>
    public object? Tag { get; init; }
}
