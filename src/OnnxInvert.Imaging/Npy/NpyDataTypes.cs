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
    /// Parses a descr string. Returns null with <paramref name="problem"/> set when it is valid NumPy but not readable
    /// here (big-endian, object, other types).
    /// </summary>
    public static NpyDataType? Parse(string descr, out string problem)
    {
        problem = string.Empty;
        if (descr.Length < 2)
        {
            problem = $"unsupported dtype '{descr}'";
            return null;
        }

        char order = descr[0];
        string code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        if (code.StartsWith('O'))
        {
            problem = $"object arrays (dtype '{descr}') are not supported: they hold pickled Python objects";
            return null;
        }

        NpyDataType? type = code switch
        {
            "f4" => NpyDataType.Float32,
            "f8" => NpyDataType.Float64,
            "u1" => NpyDataType.UInt8,
            "i4" => NpyDataType.Int32,
            "i8" => NpyDataType.Int64,
            _ => null,
        };
        if (type is null)
        {
            problem = $"unsupported dtype '{descr}'; supported: float32 (<f4), float64 (<f8), uint8 (|u1), int32 (<i4), int64 (<i8)";
            return null;
        }

        if (order == '>' && SizeOf(type.Value) > 1)
        {
            problem = $"big-endian data (dtype '{descr}') is not supported; save it little-endian, e.g. a.astype('<{code}')";
            return null;
        }

        if (order == '=' && !BitConverter.IsLittleEndian)
        {
            problem = $"native-order dtype '{descr}' on a big-endian host is not supported";
            return null;
        }

        return type;
    }

    private static ArgumentOutOfRangeException Unknown(NpyDataType type) => new(nameof(type), type, "Unknown NpyDataType.");
}
