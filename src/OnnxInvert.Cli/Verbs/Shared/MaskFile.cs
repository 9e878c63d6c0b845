using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The --mask file: per-pixel loss weights for one image. A PNG/JPEG is read as gray (RGB by luminance, alpha dropped)
/// and mapped from [0, 255] to [0, 1] (white counts, black is ignored); an .npy is taken as is and may be [C, H, W],
/// [1, H, W] or [H, W]. The result has C × H × W values, or H × W values shared by every channel.
/// </summary>
internal static class MaskFile
{
    /// <summary>Loads <paramref name="path"/> for a generator whose image is <paramref name="imageShape"/> [C, H, W].</summary>
    /// <exception cref="FormatException">The mask does not fit the image; the message names the file and both sizes.</exception>
    public static float[] Load(string path, IReadOnlyList<long> imageShape)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such mask file", path);
        }

        if (imageShape.Count != 3 || imageShape.Any(d => d < 1))
        {
            throw new InvalidOperationException($"--mask needs a generator image of fixed size [C, H, W]; it is [{string.Join(", ", imageShape)}]");
        }

        int channels = (int)imageShape[0];
        int height = (int)imageShape[1];
        int width = (int)imageShape[2];
        float[] values = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
            ? FromNpy(path, channels, height, width)
            : FromImage(path, height, width);
        foreach (float v in values)
        {
            if (!float.IsFinite(v) || v < 0)
            {
                throw new FormatException($"{path}: mask weights must be finite and 0 or more; found {v}");
            }
        }

        return values;
    }

    private static float[] FromImage(string path, int height, int width)
    {
        var image = new ImageReader().Read(path).ConvertChannels(1, ChannelConversion.All);
        if (image.Width != width || image.Height != height)
        {
            throw new FormatException($"{path}: the mask is {image.Width}x{image.Height} (width x height); the generator's images are {width}x{height}. Masks are not resized.");
        }

        var values = new float[width * height];
        var pixels = image.Pixels;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = pixels[i] / 255f;
        }

        return values;
    }

    private static float[] FromNpy(string path, int channels, int height, int width)
    {
        var array = NpyFile.Read(path);
        var shape = array.Shape;
        bool fits = shape.Count switch
        {
            2 => shape[0] == height && shape[1] == width,
            3 => (shape[0] == channels || shape[0] == 1) && shape[1] == height && shape[2] == width,
            _ => false,
        };
        if (!fits)
        {
            throw new FormatException(
                $"{path}: the mask array is ({string.Join(", ", shape)}); the generator's image is ({channels}, {height}, {width}), so a mask must be ({channels}, {height}, {width}), (1, {height}, {width}) or ({height}, {width})");
        }

        return array.ToSingleArray();
    }
}
