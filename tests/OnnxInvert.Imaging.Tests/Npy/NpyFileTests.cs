using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests.Npy;

public sealed class NpyFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Npy", name);

    public static TheoryData<int[]> Shapes => new()
    {
        Array.Empty<int>(), // 0-d
        new[] { 0 },
        new[] { 2, 0, 3 },
        new[] { 5 },
        new[] { 2, 3 },
        new[] { 2, 1, 3, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_ThenRead_RoundTripsFloat32(int[] shape) =>
        AssertRoundTrip(shape, i => (float)((i * 0.37) - 1.5), NpyDataType.Float32);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_ThenRead_RoundTripsFloat64(int[] shape) =>
        AssertRoundTrip(shape, i => Math.PI * (i - 3), NpyDataType.Float64);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_ThenRead_RoundTripsUInt8(int[] shape) =>
        AssertRoundTrip(shape, i => (byte)((i * 97) + 3), NpyDataType.UInt8);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_ThenRead_RoundTripsInt32(int[] shape) =>
        AssertRoundTrip(shape, i => (i * 1_000_003) - 7, NpyDataType.Int32);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_ThenRead_RoundTripsInt64(int[] shape) =>
        AssertRoundTrip(shape, i => (i * 10_000_000_019L) - 1, NpyDataType.Int64);

    [Fact]
    public void Read_NumpyFloat32Fixture_ReturnsValues()
    {
        NpyArray array = NpyFile.Read(Fixture("f4_2x3.npy"));

        Assert.Equal(NpyDataType.Float32, array.DataType);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], array.GetData<float>().ToArray());
    }

    [Theory]
    [InlineData("f4_2x3_v2.npy")]
    [InlineData("f4_2x3_v3.npy")]
    public void Read_NumpyVersion2And3Headers_ReturnsValues(string file)
    {
        NpyArray array = NpyFile.Read(Fixture(file));

        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], array.GetData<float>().ToArray());
    }

    [Fact]
    public void Read_NumpyScalarFixture_ReturnsZeroDimensionalArray()
    {
        NpyArray array = NpyFile.Read(Fixture("f8_scalar.npy"));

        Assert.Equal(NpyDataType.Float64, array.DataType);
        Assert.Empty(array.Shape);
        Assert.Equal(1, array.Length);
        Assert.Equal(3.25, array.GetData<double>()[0]);
    }

    [Fact]
    public void Read_NumpyIntegerAndByteFixtures_ReturnValues()
    {
        Assert.Equal([0, 1, 127, 255], NpyFile.Read(Fixture("u1_4.npy")).GetData<byte>().ToArray());
        Assert.Equal([-7, 0, 1, int.MaxValue], NpyFile.Read(Fixture("i4_2x2.npy")).GetData<int>().ToArray());
        Assert.Equal([-1L, 0L, 1L << 40], NpyFile.Read(Fixture("i8_3.npy")).GetData<long>().ToArray());
    }

    [Fact]
    public void Read_NumpyEmptyFixture_ReturnsNoElements()
    {
        NpyArray array = NpyFile.Read(Fixture("f4_0x3.npy"));

        Assert.Equal([0, 3], array.Shape);
        Assert.Equal(0, array.Length);
    }

    [Theory]
    [InlineData("f4_2x3.npy")]
    [InlineData("f8_scalar.npy")]
    [InlineData("u1_4.npy")]
    [InlineData("i4_2x2.npy")]
    [InlineData("i8_3.npy")]
    [InlineData("f4_0x3.npy")]
    [InlineData("f4_2x1x3x2.npy")]
    public void Write_NumpyFixtureContents_ProducesNumpysExactBytes(string file)
    {
        byte[] numpyBytes = File.ReadAllBytes(Fixture(file));
        NpyArray array = NpyFile.Read(Fixture(file));
        using var stream = new MemoryStream();

        NpyFile.Write(stream, array);

        Assert.Equal(numpyBytes, stream.ToArray());
    }

    [Fact]
    public void Read_FortranOrder_IsReorderedToCOrder()
    {
        NpyArray twoD = NpyFile.Read(Fixture("f4_fortran_2x3.npy"));
        NpyArray threeD = NpyFile.Read(Fixture("i4_fortran_2x3x4.npy"));
        NpyArray transposed = NpyFile.Read(Fixture("u1_fortran_3x2.npy"));

        Assert.Equal([2, 3], twoD.Shape);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], twoD.GetData<float>().ToArray());
        Assert.Equal([2, 3, 4], threeD.Shape);
        Assert.Equal(Enumerable.Range(0, 24).ToArray(), threeD.GetData<int>().ToArray());
        Assert.Equal([3, 2], transposed.Shape);
        Assert.Equal([0, 3, 1, 4, 2, 5], transposed.GetData<byte>().ToArray()); // np.arange(6).reshape(2, 3).T
    }

    [Fact]
    public void Read_BigEndian_IsByteSwapped()
    {
        Assert.Equal([0f, 1f, 2f], NpyFile.Read(Fixture("f4_bigendian_3.npy")).GetData<float>().ToArray());
        Assert.Equal([1.5, -2.0, 1e300, -0.0], NpyFile.Read(Fixture("f8_bigendian_2x2.npy")).GetData<double>().ToArray());
        Assert.Equal([-2L, 1L << 40], NpyFile.Read(Fixture("i8_bigendian_2.npy")).GetData<long>().ToArray());
    }

    [Fact]
    public void Read_Float16_IsWidenedToFloat32()
    {
        NpyArray little = NpyFile.Read(Fixture("f2_3.npy"));
        NpyArray big = NpyFile.Read(Fixture("f2_bigendian_4.npy"));

        Assert.Equal(NpyDataType.Float32, little.DataType);
        Assert.Equal([0f, 1f, 2f], little.GetData<float>().ToArray());
        Assert.Equal([0.5f, -1.25f, 65504f, float.PositiveInfinity], big.GetData<float>().ToArray());
    }

    [Fact]
    public void Read_Bool_IsUInt8ZeroOrOne()
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Fixture("b1_2x2.npy"));
        bytes[^1] = 7; // NumPy reads any non-zero byte as True
        string path = temp.WriteFile("b.npy", bytes);

        NpyArray array = NpyFile.Read(path);

        Assert.Equal(NpyDataType.UInt8, array.DataType);
        Assert.Equal([1, 0, 0, 1], array.GetData<byte>().ToArray());
    }

    [Theory]
    [InlineData("object_2.npy", "object")]
    [InlineData("structured_2.npy", "structured")]
    [InlineData("c8_2.npy", "unsupported dtype '<c8'")]
    [InlineData("u2_2.npy", "unsupported dtype '<u2'")]
    public void Read_UnsupportedNumpyLayout_ThrowsNamingFile(string file, string reason)
    {
        string path = Fixture(file);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));

        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsWithSizes()
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Fixture("f4_2x3.npy"));
        string path = temp.WriteFile("short.npy", bytes.AsSpan(0, bytes.Length - 4));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));

        Assert.Contains("short.npy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("24 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExtraDataAfterArray_Throws()
    {
        using var temp = new TempFolder();
        byte[] bytes = [.. File.ReadAllBytes(Fixture("f4_2x3.npy")), 1, 2, 3, 4];
        string path = temp.WriteFile("long.npy", bytes);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));

        Assert.Contains("4 extra", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonSeekableStreamWithShortData_Throws()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("f4_2x3.npy"));
        using var stream = new ForwardOnlyStream(bytes.AsSpan(0, bytes.Length - 1).ToArray());

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "pipe"));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedHeader_Throws()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("f4_2x3.npy"));
        using var stream = new MemoryStream(bytes, 0, 40);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "cut.npy"));

        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotNpy_Throws()
    {
        using var stream = new MemoryStream("PK\u0003\u0004 this is a zip, maybe an npz"u8.ToArray());

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "latents.npz"));

        Assert.StartsWith("latents.npz: not an NPY file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        using var temp = new TempFolder();
        string path = temp.WriteFile("empty.npy", []);

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "lacks")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}", "True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "non-negative")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unexpected key")]
    [InlineData("['descr', '<f4']", "expected '{'")]
    public void Read_MalformedHeader_Throws(string header, string reason)
    {
        using var stream = new MemoryStream(BuildV1(header, dataBytes: 8));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "bad.npy"));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderWithDoubleQuotesAndPython2Longs_IsAccepted()
    {
        using var stream = new MemoryStream(BuildV1("{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"<i4\"}", dataBytes: 8));

        NpyArray array = NpyFile.Read(stream, "old.npy");

        Assert.Equal([2], array.Shape);
        Assert.Equal(NpyDataType.Int32, array.DataType);
    }

    [Fact]
    public void Read_HeaderShapeTooLarge_ThrowsWithoutAllocating()
    {
        using var stream = new MemoryStream(BuildV1("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", dataBytes: 8));

        var ex = Assert.Throws<NpyFormatException>(() => NpyFile.Read(stream, "huge.npy"));

        Assert.Contains("too large", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("z.npy");
        NpyFile.Write(path, NpyArray.Create<float>([1f, 2f], 2));
        NpyFile.Write(path, NpyArray.Create<float>([3f, 4f, 5f], 3));

        Assert.Equal(["z.npy"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal([3f, 4f, 5f], NpyFile.Read(path).GetData<float>().ToArray());
    }

    [Fact]
    public void Create_ShapeNotMatchingData_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NpyArray.Create<float>([1f, 2f, 3f], 2, 2));

        Assert.Contains("4 elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnsupportedElementType_Throws()
    {
        Assert.Throws<ArgumentException>(() => NpyArray.Create<short>([1, 2], 2));
    }

    [Fact]
    public void GetData_WrongElementType_Throws()
    {
        NpyArray array = NpyArray.Create<double>([1.0], 1);

        var ex = Assert.Throws<InvalidOperationException>(() => array.GetData<float>());

        Assert.Contains("float64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSingleArray_ConvertsEveryType()
    {
        Assert.Equal([1.5f, -2f], NpyArray.Create<double>([1.5, -2.0], 2).ToSingleArray());
        Assert.Equal([0f, 255f], NpyArray.Create<byte>([0, 255], 2).ToSingleArray());
        Assert.Equal([-3f], NpyArray.Create<int>([-3], 1).ToSingleArray());
        Assert.Equal([7f], NpyArray.Create<long>([7L], 1).ToSingleArray());
    }

    [NumpyFact]
    public void Write_AllTypes_LoadInNumpyWithSameValues()
    {
        using var temp = new TempFolder();
        NpyFile.Write(temp.File("f4.npy"), NpyArray.Create<float>([-1.5f, 0f, 2.25f, 1e-8f, 3e30f, -7f], 2, 3));
        NpyFile.Write(temp.File("f8.npy"), NpyArray.Create<double>([Math.PI], []));
        NpyFile.Write(temp.File("u1.npy"), NpyArray.Create<byte>([0, 128, 255], 3));
        NpyFile.Write(temp.File("i4.npy"), NpyArray.Create<int>([int.MinValue, int.MaxValue], 1, 2));
        NpyFile.Write(temp.File("i8.npy"), NpyArray.Create<long>([long.MinValue], 1));
        NpyFile.Write(temp.File("empty.npy"), NpyArray.Create<float>([], 2, 0, 3));
        const string script = """
            import sys, numpy as np, os
            d = sys.argv[1]
            def check(name, expected):
                a = np.load(os.path.join(d, name), allow_pickle=False)
                assert a.dtype == expected.dtype, (name, a.dtype, expected.dtype)
                assert a.shape == expected.shape, (name, a.shape, expected.shape)
                assert np.array_equal(a, expected), (name, a, expected)
            check("f4.npy", np.array([[-1.5, 0, 2.25], [1e-8, 3e30, -7]], dtype=np.float32))
            check("f8.npy", np.array(np.pi))
            check("u1.npy", np.array([0, 128, 255], dtype=np.uint8))
            check("i4.npy", np.array([[-2**31, 2**31 - 1]], dtype=np.int32))
            check("i8.npy", np.array([-2**63], dtype=np.int64))
            check("empty.npy", np.zeros((2, 0, 3), dtype=np.float32))
            print("ok")
            """;

        (int exitCode, string output) = NumpyPython.Run(script, temp.Path);

        Assert.True(exitCode == 0, output);
        Assert.Contains("ok", output, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip<T>(int[] shape, Func<int, T> value, NpyDataType expectedType)
        where T : unmanaged
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        T[] data = Enumerable.Range(0, count).Select(value).ToArray();
        using var temp = new TempFolder();
        string path = temp.File("a.npy");

        NpyFile.Write(path, NpyArray.Create<T>(data, shape));
        NpyArray read = NpyFile.Read(path);

        Assert.Equal(expectedType, read.DataType);
        Assert.Equal(shape, read.Shape);
        Assert.Equal(data, read.GetData<T>().ToArray());
        Assert.Equal(0, (new FileInfo(path).Length - ((long)count * read.ElementSize)) % 64); // header padded like NumPy's
    }

    private static byte[] BuildV1(string header, int dataBytes)
    {
        string padded = header.PadRight(((header.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(1);
        bytes.Add(0);
        bytes.Add((byte)(padded.Length & 0xFF));
        bytes.Add((byte)(padded.Length >> 8));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(padded));
        bytes.AddRange(new byte[dataBytes]);
        return [.. bytes];
    }

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
