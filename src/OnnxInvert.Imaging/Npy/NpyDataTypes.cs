namespace OnnxInvert.Imaging;

/// <summary>Facts about <see cref="NpyDataType"/>: element size, CLR type, NumPy descr.</summary>
internal static class NpyDataTypes
{
    public static int SizeOf(NpyDataType type) => type switch
    {
        NpyDataType.Float32 or NpyDataType.Int32 => 4,
        NpyDataType.Float64 or NpyDataType.Int64 => 8,
        NpyDataType.UInt8 => 1,
        _ => throw Unknown(type),
    };

    /// <summary>The descr NumPy itself writes for the type.</summary>
    public static string Descr(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "<f4",
        NpyDataType.Float64 => "<f8",
        NpyDataType.UInt8 => "|u1",
        NpyDataType.Int32 => "<i4",
        NpyDataType.Int64 => "<i8",
        _ => throw Unknown(type),
    };

    public static string NumpyName(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "float32",
        NpyDataType.Float64 => "float64",
        NpyDataType.UInt8 => "uint8",
        NpyDataType.Int32 => "int32",
        NpyDataType.Int64 => "int64",
        _ => throw Unknown(type),
    };

    public static Type ClrType(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => typeof(float),
        NpyDataType.Float64 => typeof(double),
        NpyDataType.UInt8 => typeof(byte),
        NpyDataType.Int32 => typeof(int),
        NpyDataType.Int64 => typeof(long),
        _ => throw Unknown(type),
    };

    public static bool TryFromClrType(Type type, out NpyDataType dataType)
    {
        foreach (NpyDataType candidate in Enum.GetValues<NpyDataType>())
        {
            if (ClrType(candidate) == type)
            {
                dataType = candidate;
                return true;
            }
        }

        dataType = default;
        return false;
    }

    public static Array Allocate(NpyDataType type, int length) => type switch
    {
        NpyDataType.Float32 => new float[length],
        NpyDataType.Float64 => new double[length],
        NpyDataType.UInt8 => new byte[length],
        NpyDataType.Int32 => new int[length],
        NpyDataType.Int64 => new long[length],
        _ => throw Unknown(type),
    };

    /// <summary>
    /// Parses a descr string into how the elements are stored. Returns null with <paramref name="problem"/> set when it
    /// is valid NumPy but not readable here (object, string, complex, other widths).
    /// </summary>
    public static NpyStorage? Parse(string descr, out string problem)
    {
        problem = string.Empty;
        char order = descr.Length > 0 ? descr[0] : '\0';
        bool hasOrder = order is '<' or '>' or '|' or '=';
        string code = hasOrder ? descr[1..] : descr;
        bool bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        if (code.StartsWith('O'))
        {
            problem = $"object arrays (dtype '{descr}') are not supported: they hold pickled Python objects";
            return null;
        }

        NpyStorage? storage = code switch
        {
            "f4" => new NpyStorage(NpyDataType.Float32, bigEndian ? NpyStoredEncoding.ByteSwapped : NpyStoredEncoding.Native, 4),
            "f8" => new NpyStorage(NpyDataType.Float64, bigEndian ? NpyStoredEncoding.ByteSwapped : NpyStoredEncoding.Native, 8),
            "i4" => new NpyStorage(NpyDataType.Int32, bigEndian ? NpyStoredEncoding.ByteSwapped : NpyStoredEncoding.Native, 4),
            "i8" => new NpyStorage(NpyDataType.Int64, bigEndian ? NpyStoredEncoding.ByteSwapped : NpyStoredEncoding.Native, 8),
            "f2" => new NpyStorage(NpyDataType.Float32, bigEndian ? NpyStoredEncoding.Float16ByteSwapped : NpyStoredEncoding.Float16, 2),
            "u1" => new NpyStorage(NpyDataType.UInt8, NpyStoredEncoding.Native, 1),
            "b1" => new NpyStorage(NpyDataType.UInt8, NpyStoredEncoding.Bool, 1),
            _ => null,
        };
        if (storage is null)
        {
            problem = $"unsupported dtype '{descr}'; readable: float16 (<f2, read as float32), float32 (<f4), float64 (<f8), " +
                "uint8 (|u1), bool (|b1, read as uint8), int32 (<i4), int64 (<i8), little- or big-endian";
        }

        return storage;
    }

    private static ArgumentOutOfRangeException Unknown(NpyDataType type) => new(nameof(type), type, "Unknown NpyDataType.");
}
