using System.Text.Json;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Tests.Torch;

/// <summary>One PyTorch-autograd reference: a model plus z, v, G(z) and vᵀJ written by tools/autodiff_references.</summary>
internal sealed record TorchReferenceCase(string Name, string Folder, string Output, IReadOnlyDictionary<string, string> Inputs, string Cotangent, string ExpectedOutput, IReadOnlyDictionary<string, string> ExpectedGrads)
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch");

    public static IEnumerable<string> Names => Directory.Exists(Root)
        ? Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
        : [];

    public string ModelPath => Path.Combine(Folder, "model.onnx");

    public static TorchReferenceCase Load(string name)
    {
        string folder = Path.Combine(Root, name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var root = json.RootElement;
        static Dictionary<string, string> Map(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new TorchReferenceCase(
            name,
            folder,
            root.GetProperty("output").GetString()!,
            Map(root.GetProperty("inputs")),
            root.GetProperty("cotangent").GetString()!,
            root.GetProperty("expected_output").GetString()!,
            Map(root.GetProperty("expected_grads")));
    }

    public HostTensor Read(string file)
    {
        var array = NpyFile.Read(Path.Combine(Folder, file));
        return HostTensor.Create(Array.ConvertAll(array.ToSingleArray(), v => (double)v), array.Shape.Select(d => (long)d).ToArray());
    }
}
