using System.Globalization;
using System.Text;

namespace OnnxInvert.Imaging;

/// <summary>Format detection from magic bytes; also names common formats we do not read, for better errors.</summary>
internal static class ImageFormatDetector
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static ImageFileFormat Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PngSignature))
        {
            return ImageFileFormat.Png;
        }

        return header.StartsWith(JpegSignature) ? ImageFileFormat.Jpeg : ImageFileFormat.Unknown;
    }

    /// <summary>A description of unrecognised bytes: a known other format by name, else the first bytes in hex.</summary>
    public static string DescribeUnknown(ReadOnlySpan<byte> header)
    {
        string? other = NameOtherFormat(header);
        var hex = new StringBuilder();
        int count = Math.Min(header.Length, 8);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                hex.Append(' ');
            }

            hex.Append(header[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        string start = count == 0 ? "no bytes" : $"leading bytes {hex}";
        return other is null
            ? $"not a PNG or JPEG file ({start}); only PNG and JPEG are read (detected from content, not the extension)"
            : $"not a PNG or JPEG file: it looks like {other} ({start}); only PNG and JPEG are read";
    }

    private static string? NameOtherFormat(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith("GIF8"u8))
        {
            return "GIF";
        }

        if (h.StartsWith("BM"u8))
        {
            return "BMP";
        }

        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8))
        {
            return "WebP";
        }

        if (h.StartsWith("II*\0"u8) || h.StartsWith("MM\0*"u8))
        {
            return "TIFF";
        }

        if (h.Length >= 6 && h[0] == 0x93 && h[1..6].SequenceEqual("NUMPY"u8))
        {
            return "a NumPy .npy array (read it with NpyFile)";
        }

        if (h.Length >= 2 && h[0] == 0xFF && h[1] == 0xD8)
        {
            return "a damaged JPEG (SOI marker without a following marker)";
        }

        return null;
    }
}
