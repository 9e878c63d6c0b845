using System.Runtime.InteropServices;

namespace OnnxInvert.Imaging;

/// <summary>
/// Function pointers into the system libturbojpeg (TurboJPEG 2.x API), resolved once on first use. <c>unsigned long</c>
/// parameters are <see cref="CULong"/> so the table stays correct where long is 32-bit.
/// </summary>
internal sealed unsafe class TurboJpeg
{
    public const string DisplayName = "libturbojpeg (libturbojpeg.so.0)";

    public const string InstallHint = "Install it with: apt-get install libturbojpeg0";

    private static readonly string[] Candidates = ["libturbojpeg.so.0", "libturbojpeg.0.dylib", "libturbojpeg", "turbojpeg"];

    private static readonly Lazy<TurboJpeg> s_instance = new(() => new TurboJpeg());

    private TurboJpeg()
    {
        Library = NativeLibraryLoader.Load(DisplayName, Candidates, InstallHint);

        // tjhandle tjInitDecompress(void);
        InitDecompress = (delegate* unmanaged<nint>)Export("tjInitDecompress");

        // int tjDecompressHeader3(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize,
        //                         int *width, int *height, int *jpegSubsamp, int *jpegColorspace);
        DecompressHeader3 = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)Export("tjDecompressHeader3");

        // int tjDecompress2(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize, unsigned char *dstBuf,
        //                   int width, int pitch, int height, int pixelFormat, int flags);
        Decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)Export("tjDecompress2");

        // int tjDestroy(tjhandle handle);
        Destroy = (delegate* unmanaged<nint, int>)Export("tjDestroy");

        // char *tjGetErrorStr2(tjhandle handle);   (owned by the handle; never freed by the caller)
        GetErrorStr2 = (delegate* unmanaged<nint, byte*>)Export("tjGetErrorStr2");

        // int tjGetErrorCode(tjhandle handle);      (TJERR_WARNING = 0, TJERR_FATAL = 1)
        GetErrorCode = (delegate* unmanaged<nint, int>)Export("tjGetErrorCode");
    }

    /// <summary>The loaded library; throws <see cref="DllNotFoundException"/> naming the apt package when missing.</summary>
    public static TurboJpeg Instance => s_instance.Value;

    /// <summary>The OS handle of the library, for test-only lookups of further exports.</summary>
    public nint Library { get; }

    public delegate* unmanaged<nint> InitDecompress { get; }

    public delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3 { get; }

    public delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2 { get; }

    public delegate* unmanaged<nint, int> Destroy { get; }

    public delegate* unmanaged<nint, byte*> GetErrorStr2 { get; }

    public delegate* unmanaged<nint, int> GetErrorCode { get; }

    /// <summary>The last error of <paramref name="handle"/>: its text and whether it was only a warning.</summary>
    public (string Message, bool IsWarning) GetError(TurboJpegHandle handle)
    {
        nint raw = handle.DangerousGetHandle();
        string message = Marshal.PtrToStringUTF8((nint)GetErrorStr2(raw)) ?? "no message";
        return (message, GetErrorCode(raw) == TurboJpegConstants.ErrorWarning);
    }

    private void* Export(string symbol) => NativeLibraryLoader.GetExport(Library, DisplayName, symbol);
}
