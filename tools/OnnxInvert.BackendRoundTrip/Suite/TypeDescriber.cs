using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>Writes an ONNX <c>TypeProto</c> the way ONNX's documentation does: <c>tensor(float)</c>, <c>seq(tensor(int64))</c>.</summary>
internal static class TypeDescriber
{
    /// <summary>The type as text; "unknown" for a missing or empty type.</summary>
    public static string Describe(TypeProto? type) => type?.ValueCase switch
    {
        TypeProto.ValueOneofCase.TensorType => $"tensor({Element(type.TensorType.ElemType)})",
        TypeProto.ValueOneofCase.SparseTensorType => $"sparse_tensor({Element(type.SparseTensorType.ElemType)})",
        TypeProto.ValueOneofCase.SequenceType => $"seq({Describe(type.SequenceType.ElemType)})",
        TypeProto.ValueOneofCase.OptionalType => $"optional({Describe(type.OptionalType.ElemType)})",
        TypeProto.ValueOneofCase.MapType => $"map({Element(type.MapType.KeyType)}, {Describe(type.MapType.ValueType)})",
        _ => "unknown",
    };

    private static string Element(int dataType) =>
        Enum.IsDefined((TensorElementType)dataType) ? ((TensorElementType)dataType).ToString().ToLowerInvariant() : $"type {dataType}";
}
