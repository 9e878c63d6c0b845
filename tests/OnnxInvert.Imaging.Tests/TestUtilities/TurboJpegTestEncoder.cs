using System.Runtime.InteropServices;

namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>
/// Test-only JPEG encoder over libturbojpeg's tjInitCompress / tjCompress2 / tjFree, to make fixtures at test time
/// (no cjpeg needed). Resolves the extra exports from the library the product already loaded.
/// </summary>
internal static unsafe class TurboJpegTestEncoder
{
    public const int SubsamplingNone = 0; // TJSAMP_444
    public const int SubsamplingGray = 3; // TJSAMP_GRAY
    public const int PixelFormatCmyk = 11; // TJPF_CMYK

    public static byte[] Encode(DecodedImage image, int quality = 95)
    {
        int pixelFormat = image.Channels switch
        {
            1 => TurboJpegConstants.PixelFormatGray,
            3 => TurboJpegConstants.PixelFormatRgb,
            _ => throw new ArgumentException("Gray or RGB only."),
        };
        int subsampling = image.Channels == 1 ? SubsamplingGray : SubsamplingNone;
        return Encode(image.Pixels, image.Width, image.Height, image.Channels, pixelFormat, subsampling, quality);
    }

    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int bytesPerPixel, int pixelFormat, int subsampling, int quality)
    {
        nint library = TurboJpeg.Instance.Library;

        // tjhandle tjInitCompress(void);
        var init = (delegate* unmanaged<nint>)NativeLibraryLoader.GetExport(library, "libturbojpeg", "tjInitCompress");

        // int tjCompress2(tjhandle, const unsigned char *srcBuf, int width, int pitch, int height, int pixelFormat,
        //                 unsigned char **jpegBuf, unsigned long *jpegSize, int jpegSubsamp, int jpegQual, int flags);
        var compress = (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int>)
            NativeLibraryLoader.GetExport(library, "libturbojpeg", "tjCompress2");

        // void tjFree(unsigned char *buffer);
        var free = (delegate* unmanaged<byte*, void>)NativeLibraryLoader.GetExport(library, "libturbojpeg", "tjFree");

        nint handle = init();
        Assert.NotEqual(0, handle);
        byte* jpeg = null;
        CULong size = default;
        try
        {
            fixed (byte* source = pixels)
            {
                int rc = compress(handle, source, width, width * bytesPerPixel, height, pixelFormat, &jpeg, &size, subsampling, quality, 0);
                Assert.True(rc == 0, "tjCompress2 failed: " + Marshal.PtrToStringUTF8((nint)TurboJpeg.Instance.GetErrorStr2(handle)));
            }

            return new ReadOnlySpan<byte>(jpeg, checked((int)size.Value)).ToArray();
        }
        finally
        {
            if (jpeg != null)
            {
                free(jpeg);
            }

            TurboJpeg.Instance.Destroy(handle);
        }
    }
}
