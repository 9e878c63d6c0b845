using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests.Jpeg;

public sealed class JpegFileTests
{
    [Fact]
    public void Read_RgbJpeg_MatchesSourceWithinJpegTolerance()
    {
        using var temp = new TempFolder();
        DecodedImage source = TestImages.Smooth(48, 32, 3);
        string path = temp.WriteFile("smooth.jpg", TurboJpegTestEncoder.Encode(source, quality: 95));

        DecodedImage read = JpegFile.Read(path);

        Assert.Equal((48, 32, 3), (read.Width, read.Height, read.Channels));
        Assert.Equal(path, read.Name);
        (double mean, int max) = Difference(source, read);
        Assert.True(mean < 2.0, $"mean abs difference {mean}");
        Assert.True(max <= 16, $"max abs difference {max}");
    }

    [Fact]
    public void Read_GrayJpeg_ReturnsOneChannel()
    {
        DecodedImage source = TestImages.Smooth(40, 24, 1);
        byte[] jpeg = TurboJpegTestEncoder.Encode(source, quality: 95);

        DecodedImage read = JpegFile.Decode(jpeg, "gray.jpg");

        Assert.Equal(1, read.Channels);
        (double mean, int max) = Difference(source, read);
        Assert.True(mean < 2.0, $"mean abs difference {mean}");
        Assert.True(max <= 16, $"max abs difference {max}");
    }

    [Fact]
    public void Read_TruncatedJpeg_ThrowsNamingFile()
    {
        using var temp = new TempFolder();
        byte[] jpeg = TurboJpegTestEncoder.Encode(TestImages.Pattern(64, 64, 3), quality: 90);
        string path = temp.WriteFile("truncated.jpg", jpeg.AsSpan(0, jpeg.Length * 2 / 3));

        var ex = Assert.Throws<ImageFormatException>(() => JpegFile.Read(path));

        Assert.Equal(ImageErrorKind.Corrupt, ex.Kind);
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GarbageAfterJpegMarker_ThrowsCorrupt()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09];

        var ex = Assert.Throws<ImageFormatException>(() => JpegFile.Decode(garbage, "garbage.jpg"));

        Assert.Equal(ImageErrorKind.Corrupt, ex.Kind);
        Assert.StartsWith("garbage.jpg: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CmykJpeg_ThrowsUnsupported()
    {
        var cmyk = new byte[8 * 8 * 4];
        Array.Fill(cmyk, (byte)100);
        byte[] jpeg = TurboJpegTestEncoder.Encode(cmyk, 8, 8, 4, TurboJpegTestEncoder.PixelFormatCmyk, TurboJpegTestEncoder.SubsamplingNone, 90);

        var ex = Assert.Throws<ImageFormatException>(() => JpegFile.Decode(jpeg, "cmyk.jpg"));

        Assert.Equal(ImageErrorKind.Unsupported, ex.Kind);
        Assert.Contains("colorspace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JpegOverPixelLimit_Throws()
    {
        byte[] jpeg = TurboJpegTestEncoder.Encode(TestImages.Smooth(40, 30, 3));
        var options = new ImageReaderOptions { MaxPixels = 1000 };

        var ex = Assert.Throws<ImageFormatException>(() => JpegFile.Decode(jpeg, "big.jpg", options));

        Assert.Equal(ImageErrorKind.TooManyPixels, ex.Kind);
    }

    [Fact]
    public void Decode_PngBytes_ThrowsUnknownFormat()
    {
        byte[] png = PngFile.Encode(TestImages.Pattern(4, 4, 3));

        var ex = Assert.Throws<ImageFormatException>(() => JpegFile.Decode(png, "actually-png.jpg"));

        Assert.Equal(ImageErrorKind.UnknownFormat, ex.Kind);
    }

    [Fact]
    public void Load_MissingLibrary_ErrorNamesAptPackage()
    {
        var ex = Assert.Throws<DllNotFoundException>(() =>
            NativeLibraryLoader.Load(TurboJpeg.DisplayName, ["libonnxinvert-no-such-turbojpeg.so.0"], TurboJpeg.InstallHint));

        Assert.Contains("apt-get install libturbojpeg0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libonnxinvert-no-such-turbojpeg.so.0", ex.Message, StringComparison.Ordinal);
    }

    private static (double Mean, int Max) Difference(DecodedImage expected, DecodedImage actual)
    {
        ReadOnlySpan<byte> a = expected.Pixels;
        ReadOnlySpan<byte> b = actual.Pixels;
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        int max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = Math.Abs(a[i] - b[i]);
            sum += d;
            max = Math.Max(max, d);
        }

        return ((double)sum / a.Length, max);
    }
}
