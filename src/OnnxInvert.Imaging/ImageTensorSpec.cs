namespace OnnxInvert.Imaging;

/// <summary>
/// The image tensor a generator produces: channels, height, width and value range, plus the channel conversions the
/// caller permits when loading targets. Images are checked against it; they are resized only with <see cref="ResizeToFit"/>.
/// </summary>
public sealed class ImageTensorSpec
{
    /// <summary>Creates a spec.</summary>
    /// <param name="channels">Channels per image (C of NCHW): 1 to 4; usually 1 or 3.</param>
    /// <param name="height">Image height (H); positive.</param>
    /// <param name="width">Image width (W); positive.</param>
    /// <param name="range">The generator's output range.</param>
    public ImageTensorSpec(int channels, int height, int width, PixelRange range)
    {
        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 to 4.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (!range.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "Not a valid PixelRange (default(PixelRange) has no width).");
        }

        if ((long)channels * height * width > Array.MaxLength)
        {
            throw new ArgumentException($"An image of {channels}x{height}x{width} values is too large.", nameof(width));
        }

        Channels = channels;
        Height = height;
        Width = width;
        Range = range;
    }

    /// <summary>Channels per image (C).</summary>
    public int Channels { get; }

    /// <summary>Image height (H).</summary>
    public int Height { get; }

    /// <summary>Image width (W).</summary>
    public int Width { get; }

    /// <summary>The generator's output range.</summary>
    public PixelRange Range { get; }

    /// <summary>The channel conversions permitted when an image's channel count differs; default none.</summary>
    public ChannelConversion AllowedConversions { get; init; }

    /// <summary>
    /// Whether <see cref="Conform"/> resizes an image of another size to <see cref="Width"/> × <see cref="Height"/>
    /// (<see cref="ImageResizer"/>: area averaging when shrinking, bilinear when growing); false (the default) makes a
    /// size mismatch an error.
    /// </summary>
    public bool ResizeToFit { get; init; }

    /// <summary>Elements per image: C x H x W.</summary>
    public int ImageLength => Channels * Height * Width;

    /// <summary>
    /// Checks <paramref name="image"/> against this spec, converts its channels as permitted and resizes it when
    /// <see cref="ResizeToFit"/> is set.
    /// </summary>
    /// <param name="image">The decoded image.</param>
    /// <returns>The image with <see cref="Channels"/> channels (the same instance when no conversion was needed).</returns>
    /// <exception cref="ImageFormatException">The size differs (<see cref="ImageErrorKind.SizeMismatch"/>) or the
    /// channels differ without a permitted conversion (<see cref="ImageErrorKind.ChannelMismatch"/>); the message names
    /// the file, its size and channels, and the expected ones.</exception>
    public DecodedImage Conform(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((image.Width != Width || image.Height != Height) && ResizeToFit)
        {
            // Channels first: converting to gray before resampling touches fewer values.
            var converted = image.Channels == Channels ? image : image.ConvertChannels(Channels, AllowedConversions);
            return ImageResizer.Resize(converted, Width, Height);
        }

        if (image.Width != Width || image.Height != Height)
        {
            ImageThrowHelper.Throw(image.Name, ImageErrorKind.SizeMismatch,
                $"the image is {image.Width}x{image.Height} (width x height) with {ChannelConverter.Describe(image.Channels)}; " +
                $"expected {Width}x{Height} (the model's [H, W] = [{Height}, {Width}]). Images are not resized.");
        }

        return image.ConvertChannels(Channels, AllowedConversions);
    }

    /// <inheritdoc/>
    public override string ToString() => $"[C={Channels}, H={Height}, W={Width}] in {Range}";
}
