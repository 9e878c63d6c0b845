namespace OnnxInvert.Imaging;

/// <summary>
/// Function pointers into the system libpng 1.6 (simplified API only), resolved once on first use. The simplified API
/// catches libpng's longjmp errors internally and reports them through <see cref="PngImage.Message"/>, so no error
/// unwinds through managed frames.
/// </summary>
internal sealed unsafe class LibPng
{
    public const string DisplayName = "libpng 1.6 (libpng16.so.16)";

    public const string InstallHint = "Install it with: apt-get install libpng16-16";

    private static readonly string[] Candidates = ["libpng16.so.16", "libpng16.16.dylib", "libpng16", "png16"];

    private static readonly Lazy<LibPng> s_instance = new(() => new LibPng());

    private LibPng()
    {
        nint library = NativeLibraryLoader.Load(DisplayName, Candidates, InstallHint);

        // png_uint_32 png_access_version_number(void);
        var version = (delegate* unmanaged<uint>)NativeLibraryLoader.GetExport(library, DisplayName, "png_access_version_number");
        Version = version();
        if (Version / 100 != 106)
        {
            throw new DllNotFoundException(
                $"The system library {DisplayName} reports version {Version}; the png_image layout used here needs libpng 1.6.x. {InstallHint}");
        }

        // int png_image_begin_read_from_memory(png_imagep image, png_const_voidp memory, size_t size);
        BeginReadFromMemory = (delegate* unmanaged<PngImage*, void*, nuint, int>)NativeLibraryLoader.GetExport(library, DisplayName, "png_image_begin_read_from_memory");

        // int png_image_finish_read(png_imagep image, png_const_colorp background, void *buffer, png_int_32 row_stride, void *colormap);
        FinishRead = (delegate* unmanaged<PngImage*, void*, void*, int, void*, int>)NativeLibraryLoader.GetExport(library, DisplayName, "png_image_finish_read");

        // int png_image_write_to_memory(png_imagep image, void *memory, png_alloc_size_t *memory_bytes,
        //                               int convert_to_8_bit, const void *buffer, png_int_32 row_stride, const void *colormap);
        WriteToMemory = (delegate* unmanaged<PngImage*, void*, nuint*, int, void*, int, void*, int>)NativeLibraryLoader.GetExport(library, DisplayName, "png_image_write_to_memory");

        // void png_image_free(png_imagep image);
        Free = (delegate* unmanaged<PngImage*, void>)NativeLibraryLoader.GetExport(library, DisplayName, "png_image_free");
    }

    /// <summary>The loaded library; throws <see cref="DllNotFoundException"/> naming the apt package when missing.</summary>
    public static LibPng Instance => s_instance.Value;

    /// <summary>png_access_version_number(), e.g. 10639 for 1.6.39.</summary>
    public uint Version { get; }

    public delegate* unmanaged<PngImage*, void*, nuint, int> BeginReadFromMemory { get; }

    public delegate* unmanaged<PngImage*, void*, void*, int, void*, int> FinishRead { get; }

    public delegate* unmanaged<PngImage*, void*, nuint*, int, void*, int, void*, int> WriteToMemory { get; }

    public delegate* unmanaged<PngImage*, void> Free { get; }
}
