using Microsoft.Win32.SafeHandles;

namespace OnnxInvert.Imaging;

/// <summary>Owns a TurboJPEG instance (<c>tjhandle</c>) and destroys it with <c>tjDestroy</c>.</summary>
internal sealed unsafe class TurboJpegHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private TurboJpegHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Creates a decompressor; throws when TurboJPEG cannot allocate one.</summary>
    public static TurboJpegHandle CreateDecompressor(TurboJpeg api)
    {
        var handle = new TurboJpegHandle();
        handle.SetHandle(api.InitDecompress());
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException("tjInitDecompress failed to create a TurboJPEG decompressor.");
        }

        return handle;
    }

    protected override bool ReleaseHandle() => TurboJpeg.Instance.Destroy(handle) == 0;
}
