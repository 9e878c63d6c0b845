namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>
/// One backend node test: <c>&lt;case&gt;/model.onnx</c> and its first data set,
/// <c>test_data_set_0/input_N.pb</c> and <c>output_N.pb</c> (serialized protos, numbered from 0).
/// </summary>
/// <param name="Name">The folder name, e.g. <c>test_abs</c>.</param>
/// <param name="ModelPath">The model file.</param>
/// <param name="DataSetDirectory">The folder of the inputs and expected outputs.</param>
internal sealed record BackendCase(string Name, string ModelPath, string DataSetDirectory)
{
    private const string ModelFileName = "model.onnx";
    private const string DataSetName = "test_data_set_0";

    /// <summary>The input files in index order.</summary>
    public IReadOnlyList<string> InputFiles => Numbered("input");

    /// <summary>The expected output files in index order.</summary>
    public IReadOnlyList<string> OutputFiles => Numbered("output");

    /// <summary>Every case under <paramref name="dataDirectory"/> (folders holding a model.onnx), sorted by name.</summary>
    public static IReadOnlyList<BackendCase> Discover(string dataDirectory) =>
        [.. Directory.EnumerateDirectories(dataDirectory)
            .Where(d => File.Exists(Path.Combine(d, ModelFileName)))
            .Order(StringComparer.Ordinal)
            .Select(d => new BackendCase(Path.GetFileName(d), Path.Combine(d, ModelFileName), Path.Combine(d, DataSetName)))];

    private string[] Numbered(string prefix)
    {
        var files = new List<string>();
        for (int i = 0; ; i++)
        {
            string path = Path.Combine(DataSetDirectory, $"{prefix}_{i}.pb");
            if (!File.Exists(path))
            {
                return [.. files];
            }

            files.Add(path);
        }
    }
}
