using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Imaging;

/// <summary>Throw sites of the NPY cores.</summary>
internal static class NpyThrowHelper
{
    [DoesNotReturn]
    public static void Throw(string name, string detail) => throw new NpyFormatException(name, detail);
}
