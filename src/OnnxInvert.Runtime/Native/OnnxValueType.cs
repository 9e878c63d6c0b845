namespace OnnxInvert.Runtime.Native;

/// <summary><c>enum ONNXType</c>: the kind of an ONNX value.</summary>
internal enum OnnxValueType
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}
