namespace OnnxInvert.Imaging;

/// <summary>Data that must be finite holds a NaN or infinity; thrown by <see cref="NonFiniteValues.ThrowIfAny"/>. The
/// message names the file, the value, its flat index and its position.</summary>
/// <remarks>A <see cref="FormatException"/>, so callers that treat malformed input as a user error catch it with the rest.</remarks>
public sealed class NonFiniteDataException : FormatException
{
    /// <summary>Creates the exception for the first bad value found.</summary>
    /// <param name="filePath">The file (or source name) the values came from.</param>
    /// <param name="flatIndex">The C-order index of the first bad value.</param>
    /// <param name="index">Its multi-index, outermost axis first.</param>
    /// <param name="axisNames">A name per axis for the message (e.g. image, channel, y, x), or null.</param>
    /// <param name="value">The value: NaN, +Infinity or -Infinity.</param>
    /// <param name="moreCount">How many further bad values follow it.</param>
    public NonFiniteDataException(string filePath, int flatIndex, IReadOnlyList<int> index, IReadOnlyList<string>? axisNames, float value, int moreCount)
        : base(Describe(filePath, flatIndex, index, axisNames, value, moreCount))
    {
        FilePath = filePath;
        FlatIndex = flatIndex;
        Index = [.. index];
        Value = value;
        MoreCount = moreCount;
    }

    /// <summary>The file (or source name) the values came from.</summary>
    public string FilePath { get; }

    /// <summary>The C-order index of the first bad value.</summary>
    public int FlatIndex { get; }

    /// <summary>The multi-index of the first bad value, outermost axis first.</summary>
    public IReadOnlyList<int> Index { get; }

    /// <summary>The first bad value: NaN, +Infinity or -Infinity.</summary>
    public float Value { get; }

    /// <summary>How many further NaN or infinite values follow the first.</summary>
    public int MoreCount { get; }

    private static string Describe(string filePath, int flatIndex, IReadOnlyList<int> index, IReadOnlyList<string>? axisNames, float value, int moreCount)
    {
        string what = float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        string position = axisNames is not null && axisNames.Count == index.Count
            ? string.Join(", ", index.Select((v, k) => $"{axisNames[k]} {v}"))
            : $"index [{string.Join(", ", index)}]";
        string others = moreCount == 0 ? string.Empty : $" and {moreCount} more non-finite value{(moreCount == 1 ? string.Empty : "s")} after it";
        return $"{filePath}: the values must be finite, but the one at flat index {flatIndex} ({position}) is {what}{others}";
    }
}
