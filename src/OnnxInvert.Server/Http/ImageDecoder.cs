using OnnxInvert.Imaging;

namespace OnnxInvert.Server.Http;

/// <summary>
/// Turns sent images (PNG/JPEG bytes, <c>.npy</c> arrays, nested number arrays) into the generator's layout and range,
/// checked as <c>invert</c> checks image files: PNG/JPEG pixels are mapped from [0, 255] onto the output range, arrays
/// are taken as already in it; a size or channel mismatch is an error unless <c>resize</c> is set.
/// </summary>
internal sealed class ImageDecoder(long[] imageShape, PixelRange range, long maxPixels, long maxBytes, bool resize)
{
    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private int Channels => (int)imageShape[0];

    private int Height => (int)imageShape[1];

    private int Width => (int)imageShape[2];

    private int Length => Channels * Height * Width;

    /// <summary>The images in the bytes of one sent file (an .npy may hold several).</summary>
    public IEnumerable<float[]> Decode(byte[] bytes, string name)
    {
        if (bytes.AsSpan().StartsWith(NpyMagic))
        {
            return FromNpy(bytes, name);
        }

        return [FromImage(bytes, name)];
    }

    /// <summary>An image given as nested number arrays [C][H][W] (or [H][W] for one channel), in the output range.</summary>
    public float[] FromNumbers(IReadOnlyList<int> shape, float[] values, string name)
    {
        bool fits = shape.SequenceEqual([Channels, Height, Width]) || (Channels == 1 && shape.SequenceEqual([Height, Width]));
        if (!fits)
        {
            throw new ProblemException(422, "Wrong image shape", $"{name}: the array is [{string.Join(", ", shape)}]; this generator takes [{Channels}, {Height}, {Width}]");
        }

        Finite(values, name);
        return values;
    }

    private float[] FromImage(byte[] bytes, string name)
    {
        var spec = new ImageTensorSpec(Channels, Height, Width, PixelRange.ZeroToOne)
        {
            ResizeToFit = resize,
            AllowedConversions = resize ? ChannelConversion.All : ChannelConversion.None,
        };
        try
        {
            var decoded = new ImageReader(new ImageReaderOptions { MaxPixels = maxPixels, MaxFileBytes = maxBytes }).Decode(bytes, name);
            var batch = ImageBatch.FromImages([spec.Conform(decoded)], spec);
            float[] data = batch.Data.ToArray();
            float span = range.High - range.Low;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = range.Low + (data[i] * span);
            }

            return data;
        }
        catch (ImageFormatException ex)
        {
            (int status, string title) = ex.Kind switch
            {
                ImageErrorKind.FileTooLarge or ImageErrorKind.TooManyPixels => (413, "Image too large"),
                ImageErrorKind.UnknownFormat or ImageErrorKind.Unsupported => (415, "Unsupported image"),
                ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch => (422, "Wrong image size"),
                _ => (400, "Unreadable image"),
            };
            string hint = ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch ? " Send the option resize=true to resize and convert images." : string.Empty;
            throw new ProblemException(status, title, $"{ex.Message}{hint}");
        }
    }

    private IEnumerable<float[]> FromNpy(byte[] bytes, string name)
    {
        NpyArray array;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            array = NpyFile.Read(stream, name);
        }
        catch (FormatException ex)
        {
            throw new ProblemException(400, "Unreadable array", ex.Message);
        }

        var shape = array.Shape;
        int[] expected = [Channels, Height, Width];
        bool single = shape.Count == 3 && shape.SequenceEqual(expected);
        bool many = shape.Count == 4 && shape.Skip(1).SequenceEqual(expected) && shape[0] > 0;
        if (!single && !many)
        {
            throw new ProblemException(422, "Wrong image shape", $"{name}: the array is ({string.Join(", ", shape)}); expected (N, {string.Join(", ", expected)}) or ({string.Join(", ", expected)}) for this generator");
        }

        float[] data;
        try
        {
            data = array.ToSingleArray();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new ProblemException(415, "Unsupported array", $"{name}: {ex.Message}");
        }

        Finite(data, name);
        int count = single ? 1 : shape[0];
        return Enumerable.Range(0, count).Select(i => data.AsSpan(i * Length, Length).ToArray()).ToArray();
    }

    private static void Finite(float[] values, string name)
    {
        if (!values.All(float.IsFinite))
        {
            throw new ProblemException(422, "Non-finite values", $"{name}: the values must be finite numbers");
        }
    }
}
