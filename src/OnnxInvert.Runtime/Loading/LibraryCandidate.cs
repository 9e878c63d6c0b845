namespace OnnxInvert.Runtime.Loading;

/// <summary>A place the native library may be loaded from, and how that place was chosen.</summary>
/// <param name="Path">The full path of the library file.</param>
/// <param name="Origin">Where the path came from, e.g. "the ONNXINVERT_ORT_LIB environment variable".</param>
/// <param name="ChosenByUser">Whether the user named this path (explicitly or by environment variable).</param>
internal sealed record LibraryCandidate(string Path, string Origin, bool ChosenByUser);
