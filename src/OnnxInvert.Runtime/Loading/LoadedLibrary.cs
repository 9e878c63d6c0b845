using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Loading;

/// <summary>The native library this process loaded, and its API table. Never unloaded.</summary>
/// <param name="Path">The full path it was loaded from.</param>
/// <param name="Origin">How that path was chosen.</param>
/// <param name="ChosenByUser">Whether the user named the path (explicitly or by environment variable).</param>
/// <param name="Api">The <c>OrtApi</c> table at <see cref="OrtLibrary.ApiVersion"/>.</param>
/// <param name="Version">The runtime's version string, e.g. "1.31.1".</param>
internal sealed record LoadedLibrary(string Path, string Origin, bool ChosenByUser, OrtApiTable Api, string Version);
