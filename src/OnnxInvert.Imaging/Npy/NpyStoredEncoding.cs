namespace OnnxInvert.Imaging;

/// <summary>The ways an element can be stored in an NPY file that the reader converts on the way in.</summary>
internal enum NpyStoredEncoding
{
    /// <summary>Little-endian, exactly as the element type is held in memory.</summary>
    Native,

    /// <summary>Big-endian: the bytes of each element are reversed.</summary>
    ByteSwapped,

    /// <summary>Little-endian IEEE half precision, widened exactly to float32.</summary>
    Float16,

    /// <summary>Big-endian IEEE half precision, widened exactly to float32.</summary>
    Float16ByteSwapped,

    /// <summary>NumPy bool (one byte, any non-zero value is true), read as uint8 0 or 1.</summary>
    Bool,
}
