using System.Runtime.InteropServices;
using System.Text;

namespace OnnxInvert.Imaging;

/// <summary>
/// The <c>png_image</c> control structure of the libpng 1.6 simplified API, field for field as declared in png.h
/// (checked against libpng 1.6.39's header: on 64-bit Linux sizeof = 104, offsets 0, 8, 12, 16, 20, 24, 28, 32, 36):
/// <code>
/// typedef struct {
///    png_controlp opaque;           /* initialise to NULL, free with png_image_free */
///    png_uint_32  version;          /* set to PNG_IMAGE_VERSION (1) */
///    png_uint_32  width;
///    png_uint_32  height;
///    png_uint_32  format;           /* PNG_FORMAT_* */
///    png_uint_32  flags;            /* PNG_IMAGE_FLAG_* */
///    png_uint_32  colormap_entries;
///    png_uint_32  warning_or_error; /* low two bits: 1 warning, 2 error, 3 error after warning */
///    char         message[64];      /* NUL-terminated libpng message */
/// } png_image;
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PngImage
{
    public const int MessageLength = 64;

    public nint Opaque;
    public uint Version;
    public uint Width;
    public uint Height;
    public uint Format;
    public uint Flags;
    public uint ColormapEntries;
    public uint WarningOrError;
    public fixed byte Message[MessageLength];

    /// <summary>PNG_IMAGE_FAILED: the low two bits of warning_or_error are above 1.</summary>
    public readonly bool Failed => (WarningOrError & 0x03) > 1;

    public readonly string GetMessage()
    {
        fixed (byte* message = Message)
        {
            var span = new ReadOnlySpan<byte>(message, MessageLength);
            int end = span.IndexOf((byte)0);
            string text = Encoding.Latin1.GetString(end < 0 ? span : span[..end]).Trim();
            return text.Length == 0 ? "libpng reported no message" : text;
        }
    }
}
