namespace OnnxInvert.Runtime;

/// <summary>
/// The element type of a tensor, with the numeric values of ONNX Runtime's <c>ONNXTensorElementDataType</c> (which are
/// those of ONNX's <c>TensorProto.DataType</c>).
/// </summary>
public enum TensorElementType
{
    /// <summary>Not a tensor, or the type is unknown.</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE float (<see cref="float"/>).</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>).</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer (<see cref="ushort"/>).</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer (<see cref="short"/>).</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
    Int64 = 7,

    /// <summary>Strings (not supported by this binding's tensor accessors).</summary>
    String = 8,

    /// <summary>Booleans stored one per byte (<see cref="bool"/>).</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float (<see cref="Half"/>).</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float (<see cref="double"/>).</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    UInt64 = 13,

    /// <summary>Complex number of two 32-bit floats.</summary>
    Complex64 = 14,

    /// <summary>Complex number of two 64-bit floats.</summary>
    Complex128 = 15,

    /// <summary>Brain floating point: the upper 16 bits of a 32-bit float.</summary>
    BFloat16 = 16,

    /// <summary>8-bit float E4M3, finite values only.</summary>
    Float8E4M3FN = 17,

    /// <summary>8-bit float E4M3, finite values only, no negative zero.</summary>
    Float8E4M3FNUZ = 18,

    /// <summary>8-bit float E5M2.</summary>
    Float8E5M2 = 19,

    /// <summary>8-bit float E5M2, finite values only, no negative zero.</summary>
    Float8E5M2FNUZ = 20,

    /// <summary>Unsigned 4-bit integer, two per byte.</summary>
    UInt4 = 21,

    /// <summary>Signed 4-bit integer, two per byte.</summary>
    Int4 = 22,

    /// <summary>4-bit float E2M1, two per byte.</summary>
    Float4E2M1 = 23,

    /// <summary>Unsigned 2-bit integer, four per byte.</summary>
    UInt2 = 24,

    /// <summary>Signed 2-bit integer, four per byte.</summary>
    Int2 = 25,

    /// <summary>8-bit exponent-only float E8M0.</summary>
    Float8E8M0 = 26,
}
