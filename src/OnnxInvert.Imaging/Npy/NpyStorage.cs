namespace OnnxInvert.Imaging;

/// <summary>How a header's dtype is laid out in the file and the <see cref="NpyDataType"/> it is read as.</summary>
/// <param name="Type">The element type of the array handed out.</param>
/// <param name="Encoding">How each stored element becomes one of <paramref name="Type"/>.</param>
/// <param name="StoredSize">Bytes per element in the file.</param>
internal readonly record struct NpyStorage(NpyDataType Type, NpyStoredEncoding Encoding, int StoredSize);
