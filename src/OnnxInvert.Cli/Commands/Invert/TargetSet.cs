using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// The images to invert, loaded from a folder of PNG/JPEG files (sorted by name), one image file, or an .npy array
/// [N, C, H, W] (values taken as already in the generator's output range). Pixels of image files are mapped from
/// [0, 255] onto the output range. In a folder, a file that cannot be read or decoded is reported and skipped. Any
/// image that does not fit the generator fails the load with its name, unless
/// <c>resize</c> is set: then image files of another size are resized (area when shrinking, bilinear when growing) and
/// gray/RGB converted (replicated; luminance 0.299/0.587/0.114; alpha dropped). Arrays are never resized.
/// </summary>
internal sealed record TargetSet(float[] Data, int Count, string[] Names)
{
    public static TargetSet Load(string path, long[] imageShape, (float Low, float High) range, Action<string> notice, bool resize = false)
    {
        if (imageShape.Length != 3 || imageShape.Any(d => d < 1))
        {
            throw new InvalidOperationException($"the generator's image is [{string.Join(", ", imageShape)}] per sample; image targets need [C, H, W]");
        }

        var spec = new ImageTensorSpec((int)imageShape[0], (int)imageShape[1], (int)imageShape[2], PixelRange.ZeroToOne)
        {
            ResizeToFit = resize,
            AllowedConversions = resize ? ChannelConversion.All : ChannelConversion.None,
        };
        if (Directory.Exists(path))
        {
            var folder = new ImageReader().ReadFolder(path);
            foreach (var error in folder.Errors)
            {
                notice($"skipping {error.FilePath}: {error.Message}");
            }

            if (folder.Images.Count == 0)
            {
                throw new FileNotFoundException(folder.Errors.Count == 0
                    ? $"{path}: no .png, .jpg or .jpeg files in the folder"
                    : $"{path}: none of the {folder.Errors.Count} image files could be read");
            }

            return FromImages(folder.Images, spec, range);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder");
        }

        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? FromNpy(path, imageShape) : FromImages([new ImageReader().Read(path)], spec, range);
    }

    private static TargetSet FromImages(IReadOnlyList<DecodedImage> decoded, ImageTensorSpec spec, (float Low, float High) range)
    {
        var images = decoded.Select(d => Conform(spec, d)).ToArray();
        var batch = ImageBatch.FromImages(images, spec);
        float[] data = batch.Data.ToArray();
        float span = range.High - range.Low;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = range.Low + (data[i] * span);
        }

        return new TargetSet(data, images.Length, [.. decoded.Select(i => i.Name)]);
    }

    private static DecodedImage Conform(ImageTensorSpec spec, DecodedImage image)
    {
        try
        {
            return spec.Conform(image);
        }
        catch (ImageFormatException ex) when (ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch && !spec.ResizeToFit)
        {
            throw new ImageFormatException(ex.FilePath, ex.Kind, $"{ex.Detail} Pass --resize to resize and convert images.", ex);
        }
    }

    private static TargetSet FromNpy(string path, long[] imageShape)
    {
        var array = NpyFile.Read(path);
        int[] expected = imageShape.Select(d => (int)d).ToArray();
        var shape = array.Shape;
        bool fits = shape.Count == 4 && shape.Skip(1).SequenceEqual(expected);
        if (!fits)
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", shape)}); expected (N, {string.Join(", ", expected)}) for this generator");
        }

        string stem = Path.GetFileName(path);
        return new TargetSet(array.ToSingleArray(), shape[0], [.. Enumerable.Range(0, shape[0]).Select(i => $"{stem}[{i}]")]);
    }

    /// <summary>
    /// The images at <paramref name="indices"/> (with their rows of <paramref name="initial"/> latents, when given) as
    /// inversion targets whose results carry the original indices: what is left to do of a resumed run.
    /// </summary>
    public InversionTargets Select(int[] indices, float[]? initial, int latentSize)
    {
        int length = Data.Length / Math.Max(1, Count);
        var data = new float[indices.Length * length];
        float[]? latents = initial is null ? null : new float[indices.Length * latentSize];
        for (int k = 0; k < indices.Length; k++)
        {
            Data.AsSpan(indices[k] * length, length).CopyTo(data.AsSpan(k * length));
            initial?.AsSpan(indices[k] * latentSize, latentSize).CopyTo(latents.AsSpan(k * latentSize));
        }

        return new InversionTargets(data, indices.Length, [.. indices.Select(i => Names[i])], indices, latents);
    }
}
