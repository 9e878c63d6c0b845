using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The height and width of the --images targets, read before the generator is opened so that a latent with symbolic
/// dimensions can be sized from them (a fully convolutional decoder). Null when they cannot be told; the targets are
/// checked properly once the generator is open.
/// </summary>
internal static class TargetSize
{
    public static (long Height, long Width)? Of(string images)
    {
        try
        {
            if (images.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) && File.Exists(images))
            {
                var shape = NpyFile.Read(images).Shape;
                return shape.Count != 4 ? null
                    : shape[1] is 1 or 3 or 4 ? (shape[2], shape[3])
                    : (shape[1], shape[2]);
            }

            string? file = Directory.Exists(images)
                ? Directory.EnumerateFiles(images).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault()
                : File.Exists(images) ? images : null;
            if (file is null)
            {
                return null;
            }

            var image = new ImageReader().Read(file);
            return (image.Height, image.Width);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ImageFormatException or InvalidDataException)
        {
            return null;
        }
    }
}
