namespace OnnxInvert.Imaging;

/// <summary>Encodes an 8-bit <see cref="DecodedImage"/> to PNG bytes through libpng's simplified write API.</summary>
internal static unsafe class PngEncoderCore
{
    public static byte[] Encode(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        LibPng api = LibPng.Instance;
        int rowStride = image.Width * image.Channels;
        long capacity = UpperBound(image.Height, rowStride);

        // The bound above follows png.h; should a zlib ever exceed it, libpng reports the size it needs and we retry.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var buffer = new byte[capacity];
            nuint size = (nuint)capacity;
            PngImage png = default;
            png.Version = PngConstants.ImageVersion;
            png.Width = (uint)image.Width;
            png.Height = (uint)image.Height;
            png.Format = PngConstants.FormatForChannels(image.Channels);
            try
            {
                fixed (byte* source = image.Pixels)
                fixed (byte* destination = buffer)
                {
                    int ok = api.WriteToMemory(&png, destination, &size, 0, source, rowStride, null);
                    if (ok != 0)
                    {
                        return buffer.AsSpan(0, checked((int)size)).ToArray();
                    }
                }

                if (size <= (nuint)capacity)
                {
                    PngThrowHelper.ThrowEncodeFailed(image.Name, png);
                }

                capacity = checked((long)size);
            }
            finally
            {
                api.Free(&png);
            }
        }

        throw new InvalidOperationException($"{image.Name}: libpng kept asking for a larger output buffer.");
    }

    /// <summary>PNG_IMAGE_PNG_SIZE_MAX for an 8-bit, non-colormapped image, plus slack.</summary>
    private static long UpperBound(long height, long rowStride)
    {
        long data = height * (rowStride + 1);                          // PNG_IMAGE_DATA_SIZE: filter byte per row
        long compressed = data + ((data + 7) >> 3) + ((data + 63) >> 6) + 11; // PNG_ZLIB_MAX_SIZE
        long chunks = 8 + 25 + 16 + 44 + 12 + 12 + (12 * (compressed / PngConstants.ZBufSize));
        return Math.Min(compressed + chunks + 1024, Array.MaxLength);
    }
}
