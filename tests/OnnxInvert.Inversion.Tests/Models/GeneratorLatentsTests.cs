using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Models;

/// <summary>Several latents and fixed (condition) inputs of a generator, from options or the model card.</summary>
public sealed class GeneratorLatentsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_WithLatentsNamed_GivesEachItsShapeAndPrior_AndTheRestAsFixedInputs()
    {
        string path = Write();

        using var generator = Generator.Open(path, new GeneratorOptions
        {
            Latents = ["w", "noise0"],
            Prior = new NormalPrior(0, 1),
            Priors = new Dictionary<string, Prior> { ["noise0"] = new NormalPrior(0, 0.5f) },
        });

        Assert.Equal(["w", "noise0"], generator.Latents.Select(l => l.Name));
        Assert.Equal([8L], generator.Latents[0].Shape);
        Assert.Equal([1L, 4, 4], generator.Latents[1].Shape);
        Assert.Equal(16, generator.Latents[1].Size);
        Assert.Equal("normal:0,1", generator.Latents[0].Prior.ToString());
        Assert.Equal("normal:0,0.5", generator.Latents[1].Prior.ToString());
        Assert.Equal("w", generator.LatentInput);
        Assert.Equal(8, generator.LatentSize);
        var label = Assert.Single(generator.Inputs);
        Assert.Equal(("y", TensorElementType.Int64), (label.Name, label.ElementType));
        Assert.Equal([-1L], label.Dims!);
        Assert.Null(label.Default);
    }

    [Fact]
    public void Open_CardListingLatentsAndInputs_TakesTheirPriorsAndDefaults()
    {
        string path = Write();
        File.WriteAllText(_temp.File(ModelCard.FileName), """
            {
              "prior": { "kind": "normal" },
              "latents": [ { "name": "w", "prior": { "kind": "normal", "std": 2 } }, { "name": "noise0" } ],
              "inputs": [ { "name": "y", "value": 3 } ]
            }
            """);

        using var generator = Generator.Open(path);
        var (images, shape) = generator.Generate(new Dictionary<string, float[]> { ["w"] = new float[16], ["noise0"] = new float[32] }, 2);
        var (labelled, _) = generator.Generate(
            new Dictionary<string, float[]> { ["w"] = new float[16], ["noise0"] = new float[32] },
            2,
            new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(3) });

        Assert.Equal(["w", "noise0"], generator.Latents.Select(l => l.Name));
        Assert.Equal("normal:0,2", generator.Latents[0].Prior.ToString());
        Assert.Equal("normal:0,1", generator.Latents[1].Prior.ToString());
        Assert.Equal("3", generator.Inputs.Single().Default?.ToString());
        Assert.Equal([2L, 1, 4, 4], shape);
        Assert.Equal(labelled, images);
    }

    [Fact]
    public void Generate_PerImageLabels_GiveEachImageItsClass()
    {
        using var generator = Generator.Open(Write(), new GeneratorOptions { Latents = ["w", "noise0"] });
        var latents = new Dictionary<string, float[]> { ["w"] = new float[16], ["noise0"] = new float[32] };

        var (mixed, _) = generator.Generate(latents, 2, new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.FromRows([1, 2], 2) });
        var (ones, _) = generator.Generate(latents, 2, new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1) });
        var (twos, _) = generator.Generate(latents, 2, new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(2) });

        Assert.Equal(ones[..16], mixed[..16]);
        Assert.Equal(twos[16..], mixed[16..]);
        Assert.NotEqual(ones[..16], twos[..16]);
    }

    [Fact]
    public void Generate_WithoutTheLabel_NamesTheInputItsTypeAndShape()
    {
        using var generator = Generator.Open(Write(), new GeneratorOptions { Latents = ["w", "noise0"] });

        var ex = Assert.Throws<ArgumentException>(() => generator.Generate(new Dictionary<string, float[]> { ["w"] = new float[8], ["noise0"] = new float[16] }, 1));

        Assert.Contains("input 'y' (Int64 [batch]) is neither a latent nor given a value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SingleLatentOverload_OnAGeneratorWithTwo_SaysToNameEach()
    {
        using var generator = Generator.Open(Write(), new GeneratorOptions { Latents = ["w", "noise0"] });

        var ex = Assert.Throws<InvalidOperationException>(() => generator.Generate(new float[8], 1));

        Assert.Contains("2 latents (w, noise0)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DetectsOneLatent_AndLeavesTheOtherFloatInputFixed()
    {
        using var generator = Generator.Open(Write(), new GeneratorOptions { Prior = new NormalPrior(0, 1) });

        Assert.Equal("w", Assert.Single(generator.Latents).Name);
        Assert.Equal(["noise0", "y"], generator.Inputs.Select(i => i.Name));
    }

    [Theory]
    [InlineData("both", "set GeneratorOptions.Latents or GeneratorOptions.LatentInput, not both")]
    [InlineData("twice", "latent 'w' is named twice")]
    [InlineData("prior", "GeneratorOptions.Priors names 'z', which is not a latent (latents: w, noise0)")]
    public void Open_ContradictoryOptions_AreClearErrors(string kind, string expected)
    {
        string path = Write();
        var options = kind switch
        {
            "both" => new GeneratorOptions { Latents = ["w"], LatentInput = "w" },
            "twice" => new GeneratorOptions { Latents = ["w", "w"] },
            _ => new GeneratorOptions { Latents = ["w", "noise0"], Priors = new Dictionary<string, Prior> { ["z"] = new NormalPrior(0, 1) } },
        };

        var ex = Assert.Throws<ArgumentException>(() => Generator.Open(path, options));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CardInputThatIsNotAnInput_IsAFormatError()
    {
        string path = Write();
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "inputs": [ { "name": "label", "value": 1 } ] }""");

        var ex = Assert.Throws<FormatException>(() => Generator.Open(path));

        Assert.Contains("the model card's input 'label' is not a non-latent input of the model (inputs: noise0, y)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoImageOutput_SaysToNameItInTheOptions()
    {
        string path = Write();

        var ex = Assert.Throws<InvalidOperationException>(() => Generator.Open(path, new GeneratorOptions { ImageOutput = "missing" }));
        var none = Assert.Throws<InvalidOperationException>(() => Generator.Open(path, new GeneratorOptions { LatentInput = "missing" }));

        Assert.Contains("the model has no output 'missing'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the model has no input 'missing'", none.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message + none.Message, StringComparison.Ordinal);
    }

    private string Write()
    {
        string path = _temp.File("conditional.onnx");
        OnnxModelWriter.Write(ConditionalGenerators.Build(), path);
        return path;
    }
}
