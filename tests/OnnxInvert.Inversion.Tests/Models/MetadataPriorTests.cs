using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class MetadataPriorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_NoCardButMetadataPriorObject_UsesItAndSaysWhereItCameFrom()
    {
        string path = Write("""{"kind": "uniform", "low": -2.0, "high": 2.0}""");
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        var prior = Assert.IsType<UniformPrior>(generator.Prior);
        Assert.Equal((-2f, 2f), (prior.Low, prior.High));
        string notice = Assert.Single(notices);
        Assert.Contains("model's metadata", notice, StringComparison.Ordinal);
        Assert.Contains(MetadataPrior.Key, notice, StringComparison.Ordinal);
        Assert.DoesNotContain("assuming", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoCardButMetadataPriorInFlagForm_UsesIt()
    {
        string path = Write("normal:0.5,2");

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = _ => { } });

        var prior = Assert.IsType<NormalPrior>(generator.Prior);
        Assert.Equal((0.5f, 2f), (prior.MeanValue, prior.Std));
    }

    [Theory]
    [InlineData("""{"kind": "cauchy"}""")]
    [InlineData("""{"kind": "uniform", "low": 1, "high": 0}""")]
    [InlineData("""{"kind": 3""")]
    [InlineData("laplace:0,1")]
    public void Open_UnparsableMetadataPrior_WarnsNamingTheValueThenAssumesTheDefault(string value)
    {
        string path = Write(value);
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        var prior = Assert.IsType<NormalPrior>(generator.Prior);
        Assert.Equal((0f, 1f), (prior.MeanValue, prior.Std));
        Assert.Contains(notices, n => n.StartsWith("warning:", StringComparison.Ordinal) && n.Contains(MetadataPrior.Key, StringComparison.Ordinal)
            && n.Contains(path, StringComparison.Ordinal) && n.Contains(value[..Math.Min(value.Length, 10)], StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("assuming", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_CardPriorAndMetadataPrior_TheCardWins()
    {
        string path = Write("normal:0,3");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "prior": { "kind": "uniform" } }""");
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        Assert.IsType<UniformPrior>(generator.Prior);
        Assert.Empty(notices);
    }

    [Fact]
    public void Open_GivenPriorAndMetadataPrior_TheGivenOneWins()
    {
        string path = Write("normal:0,3");
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Prior = new UniformPrior(-1, 1), Notice = notices.Add });

        Assert.IsType<UniformPrior>(generator.Prior);
        Assert.Empty(notices);
    }

    private string Write(string prior)
    {
        ModelProto model = TinyGenerators.Build("Sigmoid");
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataPrior.Key, Value = prior });
        string path = _temp.File("g.onnx");
        OnnxModelWriter.Write(model, path);
        return path;
    }
}
