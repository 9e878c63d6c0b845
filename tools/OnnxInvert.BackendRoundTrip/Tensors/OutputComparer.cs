using System.Globalization;

namespace OnnxInvert.BackendRoundTrip.Tensors;

/// <summary>
/// Compares an output with its expected value as ONNX's backend test runner does: same element type and shape;
/// floating point within <see cref="RelativeTolerance"/> and <see cref="AbsoluteTolerance"/> (|a - e| &lt;= atol + rtol·|e|,
/// NaN equal to NaN, infinities equal only to themselves); integers and booleans exactly.
/// </summary>
internal static class OutputComparer
{
    /// <summary>The relative tolerance of ONNX's backend runner (rtol).</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>The absolute tolerance of ONNX's backend runner (atol).</summary>
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>, else why not (one line).</summary>
    public static string? Mismatch(string name, HostTensor expected, HostTensor actual)
    {
        if (expected.ElementType != actual.ElementType)
        {
            return $"output '{name}': expected {expected.ElementType}, got {actual.ElementType}";
        }

        if (!expected.Shape.AsSpan().SequenceEqual(actual.Shape))
        {
            return $"output '{name}': expected shape {expected.ShapeText}, got {actual.ShapeText}";
        }

        return expected.IsFloatingPoint ? CompareClose(name, expected, actual) : CompareExact(name, expected, actual);
    }

    private static string? CompareExact(string name, HostTensor expected, HostTensor actual)
    {
        if (expected.Bytes.SequenceEqual(actual.Bytes))
        {
            return null;
        }

        int differing = 0;
        int first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected.ValueAt(i) != actual.ValueAt(i))
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }

        return Describe(name, expected, actual, first, differing);
    }

    private static string? CompareClose(string name, HostTensor expected, HostTensor actual)
    {
        int differing = 0;
        int first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(expected.ValueAt(i), actual.ValueAt(i)))
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }

        return differing == 0 ? null : Describe(name, expected, actual, first, differing);
    }

    private static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual;
        }

        return Math.Abs(actual - expected) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected));
    }

    private static string Describe(string name, HostTensor expected, HostTensor actual, int first, int differing) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"output '{name}': {differing} of {expected.Length} values differ; first at index {first}: expected {expected.ValueAt(first):R}, got {actual.ValueAt(first):R}");
}
