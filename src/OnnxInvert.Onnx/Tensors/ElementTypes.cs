using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Tensors;

/// <summary>Facts about ONNX tensor element types: names and storage sizes.</summary>
public static class ElementTypes
{
    /// <summary>The size in bits of one element, or 0 for types without a fixed size (string, undefined).</summary>
    public static int BitsPerElement(DataType type) => type switch
    {
        DataType.Float or DataType.Int32 or DataType.Uint32 => 32,
        DataType.Double or DataType.Int64 or DataType.Uint64 or DataType.Complex64 => 64,
        DataType.Complex128 => 128,
        DataType.Uint8 or DataType.Int8 or DataType.Bool => 8,
        DataType.Float8E4M3Fn or DataType.Float8E4M3Fnuz or DataType.Float8E5M2 or DataType.Float8E5M2Fnuz => 8,
        DataType.Uint16 or DataType.Int16 or DataType.Float16 or DataType.Bfloat16 => 16,
        DataType.Uint4 or DataType.Int4 or DataType.Float4E2M1 => 4,
        _ => 0,
    };

    /// <summary>The byte count of <paramref name="elements"/> packed elements, or null for variable-size types.</summary>
    public static long? ByteCount(DataType type, long elements)
    {
        int bits = BitsPerElement(type);
        return bits == 0 ? null : ((elements * bits) + 7) / 8;
    }

    /// <summary>The lower-case ONNX name of a type as written in the operator specs (float, int64, ...).</summary>
    public static string Name(DataType type) => type switch
    {
        DataType.Float => "float",
        DataType.Double => "double",
        DataType.Float16 => "float16",
        DataType.Bfloat16 => "bfloat16",
        DataType.Int64 => "int64",
        DataType.Int32 => "int32",
        DataType.Int16 => "int16",
        DataType.Int8 => "int8",
        DataType.Uint64 => "uint64",
        DataType.Uint32 => "uint32",
        DataType.Uint16 => "uint16",
        DataType.Uint8 => "uint8",
        DataType.Bool => "bool",
        DataType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>True for the floating-point types gradients can flow through.</summary>
    public static bool IsFloatingPoint(DataType type) =>
        type is DataType.Float or DataType.Double or DataType.Float16 or DataType.Bfloat16;
}
