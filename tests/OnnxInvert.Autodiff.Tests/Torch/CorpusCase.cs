using System.Text.Json;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Imaging;
using OnnxInvert.Runtime;

namespace OnnxInvert.Autodiff.Tests.Torch;

/// <summary>
/// One case of the real-world-style export corpus (onnx-models/corpus/&lt;name&gt;/, written by
/// tools/exports/make_corpus.py): the model, which inputs are latents, which tensor is the image, and the
/// PyTorch-autograd fixture (inputs at a seed, the image, a cotangent, vᵀ·∂image/∂latent for every latent).
/// </summary>
internal sealed record CorpusCase(
    string Name,
    string Folder,
    string ImageTensor,
    bool ImageIsGraphOutput,
    IReadOnlyList<CorpusInput> Inputs,
    int? FixedBatch,
    IReadOnlyList<string> CutPoints,
    IReadOnlyDictionary<string, int> OpHistogram,
    IReadOnlyDictionary<string, string> FixtureInputs,
    string FixtureImage,
    string Cotangent,
    IReadOnlyDictionary<string, string> FixtureGrads)
{
    public static string Root { get; } = Path.Combine(FindRepoRoot(), "onnx-models", "corpus");

    public static IEnumerable<string> Names => Directory.Exists(Root)
        ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "case.json"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
        : [];

    public string ModelPath => Path.Combine(Folder, "model.onnx");

    public IEnumerable<CorpusInput> Latents => Inputs.Where(i => i.IsLatent);

    /// <summary>Every latent is a graph input whose dimensions after the leading (symbolic batch) one are fixed.</summary>
    public bool LatentsHaveFixedNonBatchDims => FixedBatch is null && Latents.All(l => l.Dims.Count > 0 && l.Dims[0] is null && l.Dims.Skip(1).All(d => d is not null));

    public static CorpusCase Load(string name)
    {
        string folder = Path.Combine(Root, name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var root = json.RootElement;
        static Dictionary<string, string> Map(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var inputs = root.GetProperty("inputs").EnumerateObject().Select(p => new CorpusInput(
            p.Name,
            p.Value.GetProperty("role").GetString() == "latent",
            p.Value.GetProperty("type").GetString()!,
            p.Value.GetProperty("shape").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt64() : (long?)null).ToArray())).ToArray();
        var export = root.GetProperty("export");
        var fixture = root.GetProperty("fixture");
        return new CorpusCase(
            name,
            folder,
            root.GetProperty("image").GetProperty("tensor").GetString()!,
            root.GetProperty("image").GetProperty("graph_output").GetBoolean(),
            inputs,
            export.GetProperty("fixed_batch").ValueKind == JsonValueKind.Number ? export.GetProperty("fixed_batch").GetInt32() : null,
            root.GetProperty("cut_points").EnumerateObject().Select(p => p.Name).ToArray(),
            root.GetProperty("op_histogram").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal),
            Map(fixture.GetProperty("inputs")),
            fixture.GetProperty("image").GetString()!,
            fixture.GetProperty("cotangent").GetString()!,
            Map(fixture.GetProperty("grads")));
    }

    /// <summary>Cut point <paramref name="key"/> (a key of case.json's <c>cut_points</c>): the tensor, its fixture value and vᵀ·∂image/∂tensor.</summary>
    public (string Tensor, string Fixture, string FixtureGrad) Cut(string key)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "case.json")));
        var cut = json.RootElement.GetProperty("cut_points").GetProperty(key);
        return (cut.GetProperty("tensor").GetString()!, cut.GetProperty("fixture").GetString()!, cut.GetProperty("fixture_grad").GetString()!);
    }

    /// <summary>A float fixture as a host tensor (float64).</summary>
    public HostTensor Read(string file)
    {
        var array = NpyFile.Read(Path.Combine(Folder, file));
        return HostTensor.Create(Array.ConvertAll(array.ToSingleArray(), v => (double)v), array.Shape.Select(d => (long)d).ToArray());
    }

    /// <summary>A fixture as a runtime value of the element type the graph input declares (float32 or int64).</summary>
    public OrtValue ReadValue(string file, string elementType)
    {
        var array = NpyFile.Read(Path.Combine(Folder, file));
        long[] shape = array.Shape.Select(d => (long)d).ToArray();
        return elementType switch
        {
            "float" => OrtValue.CreateTensor<float>(array.ToSingleArray(), shape),
            "int64" => OrtValue.CreateTensor<long>(array.GetData<long>().ToArray(), shape),
            _ => throw new NotSupportedException($"corpus case {Name}: file {file} of input type {elementType}"),
        };
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnnxInvert.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OnnxInvert.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A graph input of a corpus case: its role, ONNX element type and dimensions (null = symbolic).</summary>
internal sealed record CorpusInput(string Name, bool IsLatent, string ElementType, IReadOnlyList<long?> Dims);
