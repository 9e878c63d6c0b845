using System.Runtime.InteropServices;
using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests.Png;

public sealed class PngFileTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Write_ThenRead_ReturnsExactBytes(int channels)
    {
        using var temp = new TempFolder();
        DecodedImage original = TestImages.Pattern(13, 7, channels);
        string path = temp.File($"c{channels}.png");

        PngFile.Write(path, original);
        DecodedImage read = PngFile.Read(path);

        Assert.Equal(path, read.Name);
        Assert.Equal((13, 7, channels), (read.Width, read.Height, read.Channels));
        Assert.Equal(original.Pixels.ToArray(), read.Pixels.ToArray());
    }

    [Fact]
    public void Encode_ThenDecode_RoundTripsLargeIncompressibleImage()
    {
        var random = new Random(1234);
        var pixels = new byte[257 * 131 * 3];
        random.NextBytes(pixels);
        var image = new DecodedImage("noise", 257, 131, 3, pixels);

        byte[] png = PngFile.Encode(image);
        DecodedImage decoded = PngFile.Decode(png, "noise.png");

        Assert.Equal(pixels, decoded.Pixels.ToArray());
    }

    [Fact]
    public void Write_LeavesNoTemporaryFilesBehind()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.png");
        PngFile.Write(path, TestImages.Pattern(4, 4, 3));
        PngFile.Write(path, TestImages.Pattern(5, 5, 3));

        Assert.Equal(["out.png"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal(5, PngFile.Read(path).Width);
    }

    [Fact]
    public void Read_SixteenBitGrayPng_ReturnsSamplesScaledTo8Bit()
    {
        // v * 257 is the exact 16-bit form of the 8-bit value v; a gradient of them must come back as v.
        byte[] png = RawPngWriter.Build16(256, 1, 1, (x, _, _) => (ushort)(x * 257));

        DecodedImage image = PngFile.Decode(png, "gray16.png");

        Assert.Equal(1, image.Channels);
        for (int x = 0; x < 256; x++)
        {
            Assert.Equal((byte)x, image[x, 0, 0]);
        }
    }

    [Fact]
    public void Read_SixteenBitRgbaPng_ReturnsRgbaNearestTo8Bit()
    {
        ushort[] samples = [0, 128, 129, 1000, 32768, 65407, 65535, 12345];
        byte[] png = RawPngWriter.Build16(samples.Length, 1, 4, (x, _, c) => c == 3 ? (ushort)65535 : samples[x]);

        DecodedImage image = PngFile.Decode(png, "rgba16.png");

        Assert.Equal(4, image.Channels);
        for (int x = 0; x < samples.Length; x++)
        {
            int expected = (int)Math.Round(samples[x] / 257.0);
            Assert.InRange(image[x, 0, 0], expected - 1, expected + 1);
            Assert.Equal(255, image[x, 0, 3]);
        }
    }

    [Fact]
    public void Read_PalettePng_ExpandsToRgb()
    {
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255];
        byte[] png = RawPngWriter.Build(3, 1, 8, RawPngWriter.ColorTypePalette, [[0, 1, 2]], palette);

        DecodedImage image = PngFile.Decode(png, "palette.png");

        Assert.Equal(3, image.Channels);
        Assert.Equal(palette, image.Pixels.ToArray());
    }

    [Fact]
    public void Read_TruncatedPng_ThrowsNamingFile()
    {
        using var temp = new TempFolder();
        byte[] png = PngFile.Encode(TestImages.Pattern(64, 64, 3));
        string path = temp.WriteFile("truncated.png", png.AsSpan(0, png.Length / 2));

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Read(path));

        Assert.Equal(ImageErrorKind.Corrupt, ex.Kind);
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("libpng", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnlyPng_ThrowsCorrupt()
    {
        byte[] png = PngFile.Encode(TestImages.Pattern(8, 8, 1));

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Decode(png.AsSpan(0, 20), "short.png"));

        Assert.Equal(ImageErrorKind.Corrupt, ex.Kind);
    }

    [Fact]
    public void Read_CorruptChunkChecksum_ThrowsCorrupt()
    {
        byte[] png = PngFile.Encode(TestImages.Pattern(16, 16, 3));
        png[png.Length / 2] ^= 0xFF; // inside the IDAT data: its CRC no longer matches

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Decode(png, "corrupt.png"));

        Assert.Equal(ImageErrorKind.Corrupt, ex.Kind);
        Assert.StartsWith("corrupt.png: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_ThrowsEmpty()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("empty.png", []);

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Read(path));

        Assert.Equal(ImageErrorKind.Empty, ex.Kind);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_JpegBytes_ThrowsUnknownFormat()
    {
        byte[] notPng = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Decode(notPng, "photo.png"));

        Assert.Equal(ImageErrorKind.UnknownFormat, ex.Kind);
    }

    [Fact]
    public void Read_HeaderClaimingTooManyPixels_ThrowsBeforeAllocating()
    {
        // A 100000 x 100000 header (10 gigapixels) with almost no data: rejected from the header alone.
        byte[] png = RawPngWriter.Build(100_000, 100_000, 8, RawPngWriter.ColorTypeGray, [[0]]);

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Decode(png, "huge.png"));

        Assert.Equal(ImageErrorKind.TooManyPixels, ex.Kind);
        Assert.Contains("100000x100000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileOverMaxFileBytes_ThrowsFileTooLarge()
    {
        using var temp = new TempFolder();
        string path = temp.File("big.png");
        PngFile.Write(path, TestImages.Pattern(32, 32, 3));
        var options = new ImageReaderOptions { MaxFileBytes = 100 };

        var ex = Assert.Throws<ImageFormatException>(() => PngFile.Read(path, options));

        Assert.Equal(ImageErrorKind.FileTooLarge, ex.Kind);
        Assert.Contains("MaxFileBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngImage_Layout_MatchesPngHeader()
    {
        // png.h (libpng 1.6.39, checked with offsetof): a pointer, seven png_uint_32, char[64]; on 64-bit Linux the
        // offsets are 0, 8, 12, ..., 36 and sizeof is 104.
        int p = IntPtr.Size;
        Assert.Equal(((p + (7 * 4) + 64 + p - 1) / p) * p, Marshal.SizeOf<PngImage>());
        Assert.Equal(0, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Opaque)));
        Assert.Equal(p, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Version)));
        Assert.Equal(p + 4, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Width)));
        Assert.Equal(p + 8, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Height)));
        Assert.Equal(p + 12, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Format)));
        Assert.Equal(p + 16, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Flags)));
        Assert.Equal(p + 20, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.ColormapEntries)));
        Assert.Equal(p + 24, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.WarningOrError)));
        Assert.Equal(p + 28, (int)Marshal.OffsetOf<PngImage>(nameof(PngImage.Message)));
        if (p == 8)
        {
            Assert.Equal(104, Marshal.SizeOf<PngImage>());
        }
    }

    [Fact]
    public void Load_MissingLibrary_ErrorNamesAptPackage()
    {
        var ex = Assert.Throws<DllNotFoundException>(() =>
            NativeLibraryLoader.Load(LibPng.DisplayName, ["libonnxinvert-no-such-png16.so.16"], LibPng.InstallHint));

        Assert.Contains("apt-get install libpng16-16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibPng_Version_Is16()
    {
        Assert.Equal(106u, LibPng.Instance.Version / 100);
    }
}
