namespace OnnxInvert.Imaging;

/// <summary>The parsed dictionary of an NPY header.</summary>
/// <param name="Descr">The dtype descr string, e.g. <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">Whether the data is column-major.</param>
/// <param name="Shape">The dimensions (empty for a 0-d array).</param>
internal readonly record struct NpyHeader(string Descr, bool FortranOrder, long[] Shape);
