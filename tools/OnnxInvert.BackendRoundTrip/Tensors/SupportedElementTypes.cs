using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>The element types this harness can feed to and read from the runtime binding (those of <see cref="OrtValue.CreateTensor{T}"/>).</summary>
internal static class SupportedElementTypes
{
    /// <summary>Whether a tensor of ONNX element type <paramref name="dataType"/> can be fed and read.</summary>
    public static bool Contains(int dataType) => (TensorElementType)dataType is
        TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or
        TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16 or TensorElementType.Int8 or
        TensorElementType.UInt64 or TensorElementType.UInt32 or TensorElementType.UInt16 or TensorElementType.UInt8 or
        TensorElementType.Bool;
}
