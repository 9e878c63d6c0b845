using System.Buffers.Binary;
using System.IO.Compression;

namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>
/// A minimal PNG writer independent of libpng (zlib from the BCL, CRC-32 by hand), to make inputs libpng's simplified
/// writer cannot: 16-bit samples, palettes, lying headers.
/// </summary>
internal static class RawPngWriter
{
    public const byte ColorTypeGray = 0;
    public const byte ColorTypeRgb = 2;
    public const byte ColorTypePalette = 3;
    public const byte ColorTypeGrayAlpha = 4;
    public const byte ColorTypeRgba = 6;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Builds a PNG from unfiltered scanlines (filter byte 0 is added per row).</summary>
    /// <param name="rows">Raw row bytes, already in the PNG sample layout (16-bit samples big-endian).</param>
    public static byte[] Build(int width, int height, byte bitDepth, byte colorType, byte[][] rows, byte[]? palette = null)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        WriteChunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(png, "PLTE", palette);
        }

        using var raw = new MemoryStream();
        foreach (byte[] row in rows)
        {
            raw.WriteByte(0);
            raw.Write(row);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A 16-bit image with <paramref name="channels"/> samples per pixel from big-endian-written values.</summary>
    public static byte[] Build16(int width, int height, int channels, Func<int, int, int, ushort> sample)
    {
        byte colorType = channels switch
        {
            1 => ColorTypeGray,
            2 => ColorTypeGrayAlpha,
            3 => ColorTypeRgb,
            _ => ColorTypeRgba,
        };
        var rows = new byte[height][];
        for (int y = 0; y < height; y++)
        {
            rows[y] = new byte[width * channels * 2];
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(rows[y].AsSpan(((x * channels) + c) * 2), sample(x, y, c));
                }
            }
        }

        return Build(width, height, 16, colorType, rows);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        png.Write(buffer);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typeAndData));
        png.Write(buffer);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
