namespace OnnxInvert.Imaging;

/// <summary>
/// Tiles equally sized images into one image, row by row, with <c>padding</c> pixels around and between tiles (the
/// layout of torchvision's make_grid): for n tiles of w x h in c = min(columns, n) columns and r = ceil(n / c) rows the
/// grid is (c(w + p) + p) x (r(h + p) + p). Padding has the <c>background</c> value in every colour channel and is
/// opaque. Used for sample grids and for target | reconstruction pairs; write the result with <see cref="PngFile.Write"/>.
/// </summary>
public static class ImageGrid
{
    /// <summary>The default padding in pixels.</summary>
    public const int DefaultPadding = 2;

    /// <summary>The largest padding accepted.</summary>
    public const int MaxPadding = 64;

    /// <summary>Tiles <paramref name="images"/> (same width, height and channels) into a grid.</summary>
    /// <param name="images">The tiles, in row-major order; at least one.</param>
    /// <param name="columns">Tiles per row; positive (fewer are used when there are fewer images).</param>
    /// <param name="padding">Pixels around and between tiles: 0 to <see cref="MaxPadding"/>.</param>
    /// <param name="background">The padding's value (0 black, 255 white).</param>
    /// <exception cref="ArgumentException">No images, or images of different sizes or channel counts.</exception>
    public static DecodedImage Compose(IReadOnlyList<DecodedImage> images, int columns, int padding = DefaultPadding, byte background = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(padding, MaxPadding);
        if (images.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one image.", nameof(images));
        }

        DecodedImage first = images[0];
        foreach (DecodedImage image in images)
        {
            if (image.Width != first.Width || image.Height != first.Height || image.Channels != first.Channels)
            {
                throw new ArgumentException(
                    $"Grid tiles must match: {image.Name} is {image.Width}x{image.Height} with {image.Channels} channel(s), " +
                    $"but {first.Name} is {first.Width}x{first.Height} with {first.Channels}.", nameof(images));
            }
        }

        int tileW = first.Width, tileH = first.Height, ch = first.Channels;
        int cols = Math.Min(columns, images.Count);
        int rows = (images.Count + cols - 1) / cols;
        int gridW = checked((cols * (tileW + padding)) + padding);
        int gridH = checked((rows * (tileH + padding)) + padding);
        var pixels = new byte[checked((long)gridW * gridH * ch)];
        Fill(pixels, ch, background);

        int gridStride = gridW * ch;
        int tileStride = tileW * ch;
        for (int i = 0; i < images.Count; i++)
        {
            int x0 = padding + ((i % cols) * (tileW + padding));
            int y0 = padding + ((i / cols) * (tileH + padding));
            ReadOnlySpan<byte> tile = images[i].Pixels;
            for (int y = 0; y < tileH; y++)
            {
                tile.Slice(y * tileStride, tileStride).CopyTo(pixels.AsSpan(((y0 + y) * gridStride) + (x0 * ch), tileStride));
            }
        }

        return new DecodedImage("grid", gridW, gridH, ch, pixels);
    }

    /// <summary>Tiles every image of <paramref name="batch"/> (mapped to pixels by its range) into a grid.</summary>
    /// <param name="batch">The images; at least one.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="padding">Pixels around and between tiles.</param>
    /// <param name="background">The padding's value.</param>
    public static DecodedImage Compose(ImageBatch batch, int columns, int padding = DefaultPadding, byte background = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Compose(ToImages(batch), columns, padding, background);
    }

    /// <summary>
    /// Tiles pairs side by side, left[i] then right[i], <paramref name="pairsPerRow"/> pairs per row: e.g. targets and
    /// their reconstructions.
    /// </summary>
    /// <param name="left">The first image of each pair.</param>
    /// <param name="right">The second image of each pair; as many as <paramref name="left"/>.</param>
    /// <param name="pairsPerRow">Pairs per row; positive.</param>
    /// <param name="padding">Pixels around and between tiles.</param>
    /// <param name="background">The padding's value.</param>
    public static DecodedImage ComposePairs(IReadOnlyList<DecodedImage> left, IReadOnlyList<DecodedImage> right, int pairsPerRow, int padding = DefaultPadding, byte background = 0)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairsPerRow);
        if (left.Count != right.Count)
        {
            throw new ArgumentException($"Pairs need as many right images ({right.Count}) as left ones ({left.Count}).", nameof(right));
        }

        var tiles = new DecodedImage[left.Count * 2];
        for (int i = 0; i < left.Count; i++)
        {
            tiles[2 * i] = left[i];
            tiles[(2 * i) + 1] = right[i];
        }

        return Compose(tiles, checked(pairsPerRow * 2), padding, background);
    }

    /// <summary>Pairs from two batches of the same shape: target | reconstruction.</summary>
    /// <param name="left">The first image of each pair.</param>
    /// <param name="right">The second image of each pair.</param>
    /// <param name="pairsPerRow">Pairs per row; positive.</param>
    /// <param name="padding">Pixels around and between tiles.</param>
    /// <param name="background">The padding's value.</param>
    public static DecodedImage ComposePairs(ImageBatch left, ImageBatch right, int pairsPerRow, int padding = DefaultPadding, byte background = 0)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return ComposePairs(ToImages(left), ToImages(right), pairsPerRow, padding, background);
    }

    private static DecodedImage[] ToImages(ImageBatch batch)
    {
        var images = new DecodedImage[batch.Count];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = batch.ToImage(i);
        }

        return images;
    }

    private static void Fill(Span<byte> pixels, int channels, byte background)
    {
        pixels.Fill(background);
        if (channels is 2 or 4)
        {
            for (int i = channels - 1; i < pixels.Length; i += channels)
            {
                pixels[i] = 255;
            }
        }
    }
}
