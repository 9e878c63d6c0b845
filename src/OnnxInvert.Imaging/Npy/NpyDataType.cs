namespace OnnxInvert.Imaging;

/// <summary>The element types read and written as NPY (all little-endian).</summary>
public enum NpyDataType
{
    /// <summary>float32, NumPy descr <c>&lt;f4</c>.</summary>
    Float32,

    /// <summary>float64, NumPy descr <c>&lt;f8</c>.</summary>
    Float64,

    /// <summary>uint8, NumPy descr <c>|u1</c>.</summary>
    UInt8,

    /// <summary>int32, NumPy descr <c>&lt;i4</c>.</summary>
    Int32,

    /// <summary>int64, NumPy descr <c>&lt;i8</c>.</summary>
    Int64,
}
