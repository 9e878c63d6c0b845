using System.Security.Cryptography;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class ModelCardChecksumTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_CardStatesAnotherSha256_WarnsNamingTheFileBothValuesAndWhatItMeans()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        string actual = Sha256(path);
        string stated = new string('0', 64);
        WriteCard(stated);
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        string warning = Assert.Single(notices, n => n.Contains("sha256", StringComparison.Ordinal));
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.Contains(actual, warning, StringComparison.Ordinal);
        Assert.Contains(stated, warning, StringComparison.Ordinal);
        Assert.Contains("not the file the card describes", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CardStatesTheFilesSha256InUpperCase_SaysNothing()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        WriteCard(Sha256(path).ToUpperInvariant());
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        Assert.Empty(notices);
    }

    [Fact]
    public void Open_CardWithoutFiles_SaysNothingAboutSha256()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "prior": { "kind": "uniform" }, "files": { "other.onnx": { "sha256": "00" }, "held-out/": "a note" } }""");
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        Assert.Empty(notices);
    }

    [Fact]
    public void Open_Sha256NotAString_IsAFormatErrorNamingTheCard()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "prior": { "kind": "uniform" }, "files": { "g.onnx": { "sha256": 5 } } }""");

        var ex = Assert.Throws<FormatException>(() => Generator.Open(path));

        Assert.Contains(ModelCard.FileName, ex.Message, StringComparison.Ordinal);
        Assert.Contains("g.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BundledModelsMatchTheirCards()
    {
        var notices = new List<string>();

        using var generator = Generator.Open(RepoPaths.MnistModel, new GeneratorOptions { Notice = notices.Add });

        Assert.DoesNotContain(notices, n => n.Contains("sha256", StringComparison.Ordinal));
        Assert.IsType<UniformPrior>(generator.Prior);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private void WriteCard(string sha256) =>
        File.WriteAllText(_temp.File(ModelCard.FileName), $$"""{ "prior": { "kind": "uniform" }, "files": { "g.onnx": { "bytes": 1, "sha256": "{{sha256}}" } } }""");
}
