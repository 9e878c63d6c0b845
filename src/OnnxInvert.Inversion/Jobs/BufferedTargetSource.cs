using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>A <see cref="TargetSource"/> that decodes every image when opened and keeps them as one tensor.</summary>
internal sealed class BufferedTargetSource : TargetSource
{
    private readonly float[] _data;
    private readonly string[] _names;
    private readonly int _length;

    private BufferedTargetSource(string path, float[] data, string[] names)
    {
        Path = path;
        _data = data;
        _names = names;
        _length = names.Length == 0 ? 0 : data.Length / names.Length;
    }

    public override string Path { get; }

    public override int Count => _names.Length;

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

            return FromImages(path, folder.Images, spec, format.Range);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder");
        }

        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? FromNpy(path, shape) : FromImages(path, [new ImageReader().Read(path)], spec, format.Range);
    }

    private static BufferedTargetSource FromImages(string path, IReadOnlyList<DecodedImage> decoded, ImageTensorSpec spec, (float Low, float High) range)
    {
        var images = decoded.Select(spec.Conform).ToArray();
        var batch = ImageBatch.FromImages(images, spec);
        float[] data = batch.Data.ToArray();
        float span = range.High - range.Low;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = range.Low + (data[i] * span);
        }

        return new BufferedTargetSource(path, data, [.. decoded.Select(i => i.Name)]);
    }

    private static BufferedTargetSource FromNpy(string path, IReadOnlyList<long> imageShape)
    {
        var array = NpyFile.Read(path);
        int[] expected = [.. imageShape.Select(d => (int)d)];
        var shape = array.Shape;
        if (shape.Count != 4 || !shape.Skip(1).SequenceEqual(expected))
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", shape)}); expected (N, {string.Join(", ", expected)}) for this generator");
        }

        string stem = System.IO.Path.GetFileName(path);
        return new BufferedTargetSource(path, array.ToSingleArray(), [.. Enumerable.Range(0, shape[0]).Select(i => $"{stem}[{i}]")]);
    }
}
