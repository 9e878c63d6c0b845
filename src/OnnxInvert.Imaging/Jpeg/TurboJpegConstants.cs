namespace OnnxInvert.Imaging;

/// <summary>Constants of the TurboJPEG 2.x C API (turbojpeg.h, libjpeg-turbo 2.1).</summary>
internal static class TurboJpegConstants
{
    /// <summary>TJPF_RGB: 3 bytes per pixel, R G B.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary>TJPF_GRAY: 1 byte per pixel.</summary>
    public const int PixelFormatGray = 6;

    /// <summary>TJCS_RGB.</summary>
    public const int ColorspaceRgb = 0;

    /// <summary>TJCS_YCbCr.</summary>
    public const int ColorspaceYCbCr = 1;

    /// <summary>TJCS_GRAY.</summary>
    public const int ColorspaceGray = 2;

    /// <summary>TJCS_CMYK.</summary>
    public const int ColorspaceCmyk = 3;

    /// <summary>TJCS_YCCK.</summary>
    public const int ColorspaceYcck = 4;

    /// <summary>TJFLAG_ACCURATEDCT: the accurate integer IDCT (deterministic across SIMD paths).</summary>
    public const int FlagAccurateDct = 4096;

    /// <summary>TJFLAG_STOPONWARNING: stop at the first warning (e.g. premature end of data).</summary>
    public const int FlagStopOnWarning = 8192;

    /// <summary>TJFLAG_LIMITSCANS: refuse progressive files with an unreasonable number of scans.</summary>
    public const int FlagLimitScans = 32768;

    /// <summary>TJERR_WARNING: the error was non-fatal (the output may still be corrupt).</summary>
    public const int ErrorWarning = 0;
}
