// Each check runs in its own child process, so the peak memory reported is that decoder's alone.
// Usage: DepsCheck all | DepsCheck CHECK FILE    (CHECK: imagesharp, imagesharp-rgb24, imagesharp-limited, skia, skia-codec, ours)
using System.Diagnostics;
using System.IO.Compression;
using System.Buffers.Binary;
using OnnxInvert.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

if (args is ["all"])
{
    string dir = Path.Combine(Path.GetTempPath(), "onnxinvert-deps-check");
    Directory.CreateDirectory(dir);
    string truncated = Path.Combine(dir, "truncated.jpg");
    string bomb = Path.Combine(dir, "bomb-20000x20000.png");
    WriteTruncatedJpeg(truncated);
    WritePngBomb(bomb, 20000, 20000);
    Console.WriteLine($"inputs: {truncated} ({new FileInfo(truncated).Length} bytes, a 512x512 JPEG cut at 40%), {bomb} ({new FileInfo(bomb).Length} bytes)");
    Console.WriteLine("| decoder | truncated JPEG | 20000x20000 PNG bomb (peak RSS) |");
    Console.WriteLine("|---|---|---|");
    foreach (string check in new[] { "imagesharp", "imagesharp-rgb24", "imagesharp-limited", "skia", "skia-codec", "ours" })
    {
        Console.WriteLine($"| {check} | {Child(check, truncated)} | {Child(check, bomb)} |");
    }

    return 0;
}

if (args is not [var which, var file])
{
    Console.Error.WriteLine("usage: all | CHECK FILE");
    return 2;
}

try
{
    string outcome = which switch
    {
        "imagesharp" => ImageSharpDefault(file),
        "imagesharp-rgb24" => ImageSharpDecode(file, limitMegabytes: null),
        "imagesharp-limited" => ImageSharpDecode(file, limitMegabytes: 256),
        "skia" => SkiaDecode(file),
        "skia-codec" => SkiaCodecDecode(file),
        "ours" => OursDecode(file),
        _ => throw new ArgumentException($"unknown check '{which}'"),
    };
    Console.Write($"{outcome}; peak RSS {Environment.WorkingSet / 1048576} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB peak");
}
catch (Exception ex)
{
    Console.Write($"throws {ex.GetType().Name}: {OneLine(ex.Message)}; peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
}

return 0;

static string ImageSharpDecode(string file, int? limitMegabytes)
{
    var configuration = Configuration.Default.Clone();
    if (limitMegabytes is { } limit)
    {
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = limit });
    }

    using Image<Rgb24> image = Image.Load<Rgb24>(configuration, file);
    return $"decoded {image.Width}x{image.Height}, no error";
}

static string ImageSharpDefault(string file)
{
    using Image image = Image.Load(file);
    return $"decoded {image.Width}x{image.Height} as {image.PixelType.BitsPerPixel} bits per pixel, no error";
}

static string SkiaDecode(string file)
{
    using SKBitmap? bitmap = SKBitmap.Decode(file);
    return bitmap is null ? "returns null (no reason given)" : $"decoded {bitmap.Width}x{bitmap.Height}, no error";
}

static string SkiaCodecDecode(string file)
{
    using SKCodec codec = SKCodec.Create(file) ?? throw new InvalidDataException("SKCodec.Create returned null");
    using var bitmap = new SKBitmap(codec.Info);
    SKCodecResult result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
    return $"SKCodec.GetPixels -> {result} ({codec.Info.Width}x{codec.Info.Height})";
}

static string OursDecode(string file)
{
    DecodedImage image = new ImageReader().Read(file);
    return $"decoded {image}";
}

static string Child(string check, string file)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (string a in Environment.GetCommandLineArgs()[0].EndsWith(".dll", StringComparison.Ordinal) ? new[] { Environment.GetCommandLineArgs()[0] } : [])
    {
        start.ArgumentList.Add(a);
    }

    start.ArgumentList.Add(check);
    start.ArgumentList.Add(file);
    using Process process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
    process.WaitForExit();
    return OneLine(output).Replace("|", "/", StringComparison.Ordinal);
}

static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

static void WriteTruncatedJpeg(string path)
{
    using var image = new Image<Rgb24>(512, 512);
    for (int y = 0; y < 512; y++)
    {
        for (int x = 0; x < 512; x++)
        {
            image[x, y] = new Rgb24((byte)x, (byte)y, (byte)(x ^ y));
        }
    }

    using var full = new MemoryStream();
    image.SaveAsJpeg(full);
    File.WriteAllBytes(path, full.ToArray()[..(int)(full.Length * 0.4)]);
}

static void WritePngBomb(string path, int width, int height)
{
    // A valid 8-bit RGB PNG whose rows are all zero: 3*width*height bytes of pixels compress to about a megabyte.
    using var file = File.Create(path);
    file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
    var ihdr = new byte[13];
    BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
    BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    Chunk(file, "IHDR", ihdr);
    using (var idat = new MemoryStream())
    {
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[(3 * width) + 1];
            for (int y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }

        Chunk(file, "IDAT", idat.ToArray());
    }

    Chunk(file, "IEND", []);
}

static void Chunk(Stream stream, string type, byte[] data)
{
    Span<byte> word = stackalloc byte[4];
    BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
    stream.Write(word);
    byte[] typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
    stream.Write(typeBytes);
    stream.Write(data);
    BinaryPrimitives.WriteUInt32BigEndian(word, Crc32([.. typeBytes, .. data]));
    stream.Write(word);
}

static uint Crc32(byte[] bytes)
{
    uint crc = 0xFFFFFFFFu;
    foreach (byte b in bytes)
    {
        crc ^= b;
        for (int k = 0; k < 8; k++)
        {
            crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
    }

    return ~crc;
}
