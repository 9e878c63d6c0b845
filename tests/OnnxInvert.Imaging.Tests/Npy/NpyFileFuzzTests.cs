using System.Text;
using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests.Npy;

/// <summary>
/// Seeded fuzzing of <see cref="NpyFile.Read(string)"/> with mutants of the bundled samples' targets.npy and the NumPy
/// fixtures: format-blind byte mutations and NPY-aware header edits (shape, dtype, order, length field, version).
/// Every mutant must either read or fail with an <see cref="NpyFormatException"/> naming the file, within a time
/// limit and allocating no more than a small multiple of the file's size.
/// </summary>
public sealed class NpyFileFuzzTests
{
    private const int ByteMutants = 300;
    private const int HeaderMutants = 300;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    private static readonly string[] Sources =
    [
        Path.Combine(RepoPaths.MnistSamples, "targets.npy"),
        Fixture("f4_2x3.npy"),
        Fixture("f4_2x3_v2.npy"),
        Fixture("f4_2x3_v3.npy"),
        Fixture("i4_fortran_2x3x4.npy"),
        Fixture("f8_bigendian_2x2.npy"),
        Fixture("f2_bigendian_4.npy"),
        Fixture("b1_2x2.npy"),
        Fixture("f8_scalar.npy"),
    ];

    private static readonly string[] Descrs =
    [
        "<f4", ">f4", "=f4", "|f4", "f4", "<f2", ">f2", "<f8", ">f8", "|u1", "|b1", "<i4", ">i8", "|O", "<O8", "<U3", "<c8",
        "|V8", "<u2", "<f16", "", "<", "<f4'", "<M8[s]",
    ];

    private static readonly string[] Shapes =
    [
        "()", "(0,)", "(1,)", "(16, 1, 28, 28)", "(16, 784)", "(1, 16, 1, 28, 28)", "(12544,)", "(12545,)", "(3137,)",
        "(-1,)", "(2, -3)", "(2147483647,)", "(2147483648,)", "(99999999999999999999,)", "(536870000,)", "(65536, 65536)",
        "(4294967296, 0)", "(0, 4294967296)", "(3, 4294967297)", "(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)",
        "(2L, 3L)", "(2, 3", "[2, 3]", "(2,,3)", "(2 3)", "(0x10,)", "(1e3,)", "(+5,)",
    ];

    private static readonly string[] Orders = ["False", "True", "0", "None", "Tru", "'False'"];

    [Fact]
    public void Read_ByteMutantsOfSamples_ReadOrThrowNpyFormatExceptionNamingTheFile()
    {
        using var temp = new TempFolder();
        var mutator = new ByteMutator(seed: 20261201);
        int read = 0;
        for (int i = 0; i < ByteMutants; i++)
        {
            byte[] original = File.ReadAllBytes(Sources[i % Sources.Length]);
            (byte[] bytes, string change) = mutator.Mutate(original, focus: 128);
            read += AssertReadOrCleanError(temp, i, bytes, $"mutant {i} of {Path.GetFileName(Sources[i % Sources.Length])}: {change}") ? 1 : 0;
        }

        AssertBothOutcomes(read, ByteMutants);
    }

    [Fact]
    public void Read_HeaderMutantsOfSamples_ReadOrThrowNpyFormatExceptionNamingTheFile()
    {
        using var temp = new TempFolder();
        var random = new Random(16_03);
        int read = 0;
        for (int i = 0; i < HeaderMutants; i++)
        {
            byte[] original = File.ReadAllBytes(Sources[i % Sources.Length]);
            (byte[] bytes, string change) = EditHeader(original, random);
            read += AssertReadOrCleanError(temp, i, bytes, $"header mutant {i} of {Path.GetFileName(Sources[i % Sources.Length])}: {change}") ? 1 : 0;
        }

        AssertBothOutcomes(read, HeaderMutants);
    }

    /// <summary>A fuzz run where every mutant fails (or none does) tests little: both outcomes must occur, refusals
    /// being the common one.</summary>
    private static void AssertBothOutcomes(int read, int total)
    {
        Assert.True(read >= 2, $"only {read} of {total} mutants were readable");
        Assert.True(total - read >= total / 2, $"only {total - read} of {total} mutants were refused");
    }

    /// <summary>Reads the mutant from a file and from a forward-only stream; true when it was readable.</summary>
    private static bool AssertReadOrCleanError(TempFolder temp, int index, byte[] bytes, string description)
    {
        string path = temp.WriteFile($"m{index}.npy", bytes);
        (Exception? error, long allocated) = BoundedRun.Run(() => NpyFile.Read(path), CaseLimit, description);
        AssertClean(error, path, description);

        // Converting (float16 widening, byte swapping, Fortran reordering) holds at most a few copies of the data, and
        // the header (at most the file's size) is decoded once into a string.
        long bound = (8L * bytes.Length) + (1 << 20);
        Assert.True(allocated <= bound, $"{description}: allocated {allocated} bytes reading a {bytes.Length}-byte file (bound {bound})");

        // The same bytes through a stream that cannot seek, which must not trust the header's size either.
        (error, allocated) = BoundedRun.Run(() => NpyFile.Read(new ForwardOnlyStream(bytes), "pipe.npy"), CaseLimit, description + " (stream)");
        bool readable = error is null;
        AssertClean(error, "pipe.npy", description + " (stream)");
        Assert.True(allocated <= bound + (1 << 21), $"{description} (stream): allocated {allocated} bytes for {bytes.Length} (bound {bound + (1 << 21)})");
        File.Delete(path);
        return readable;
    }

    private static void AssertClean(Exception? error, string name, string description)
    {
        if (error is null)
        {
            return;
        }

        var npy = Assert.IsType<NpyFormatException>(error, exactMatch: true);
        Assert.True(npy.FilePath == name, $"{description}: the error names '{npy.FilePath}', not the file");
        Assert.True(npy.Message.StartsWith(name + ": ", StringComparison.Ordinal), $"{description}: message '{npy.Message}' does not start with the file name");
        Assert.False(string.IsNullOrWhiteSpace(npy.Detail), description);
    }

    /// <summary>Replaces one or more of the header's fields (or its length field or version) with a hostile value.</summary>
    private static (byte[] Bytes, string Change) EditHeader(byte[] original, Random random)
    {
        int major = original[6];
        int prefix = major == 1 ? 10 : 12;
        int headerLength = major == 1 ? BitConverter.ToUInt16(original, 8) : BitConverter.ToInt32(original, 8);
        byte[] data = original[(prefix + headerLength)..];
        string descr = Descrs[random.Next(Descrs.Length)];
        string shape = Shapes[random.Next(Shapes.Length)];
        string order = Orders[random.Next(Orders.Length)];
        string original_header = Encoding.Latin1.GetString(original, prefix, headerLength);
        string header = random.Next(3) switch
        {
            0 => $"{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}",
            1 => original_header.Replace(ShapeOf(original_header), shape, StringComparison.Ordinal),
            _ => $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}",
        };
        string change = header.Trim();
        byte[] text = Encoding.Latin1.GetBytes(header.PadRight(((header.Length + prefix + 63) / 64 * 64) - prefix - 1) + "\n");
        long claimed = text.Length;
        int version = major;
        switch (random.Next(6))
        {
            case 0:
                claimed = random.Next(4) switch { 0 => 0, 1 => text.Length + 1 + random.Next(100), 2 => uint.MaxValue, _ => 1 << 20 };
                change += $"; length field {claimed}";
                break;
            case 1:
                version = new[] { 0, 1, 2, 3, 4, 255 }[random.Next(6)];
                change += $"; version {version}";
                break;
            case 2:
                data = data[..random.Next(data.Length + 1)];
                change += $"; data cut to {data.Length} bytes";
                break;
        }

        var bytes = new List<byte>(original[..6]) { (byte)version, 0 };
        if (major == 1)
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)Math.Min(claimed, ushort.MaxValue)));
        }
        else
        {
            bytes.AddRange(BitConverter.GetBytes((uint)Math.Min(claimed, uint.MaxValue)));
        }

        bytes.AddRange(text);
        bytes.AddRange(data);
        return ([.. bytes], change);
    }

    private static string ShapeOf(string header)
    {
        int start = header.IndexOf('(', StringComparison.Ordinal);
        int end = header.IndexOf(')', start + 1);
        return header[start..(end + 1)];
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Npy", name);

    /// <summary>A stream that cannot seek, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
