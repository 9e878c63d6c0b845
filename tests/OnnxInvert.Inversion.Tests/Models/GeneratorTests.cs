using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class GeneratorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_BundledMnist_ResolvesLatentImagePriorAndRangeFromTheCard()
    {
        var notices = new List<string>();

        using var generator = Generator.Open(RepoPaths.MnistModel, new GeneratorOptions { Notice = notices.Add });

        Assert.Equal("z", generator.LatentInput);
        Assert.Equal([100L], generator.LatentShape);
        Assert.Equal(100, generator.LatentSize);
        Assert.Equal("image", generator.ImageOutput);
        Assert.Equal([1L, 28, 28], generator.ImageShape);
        var prior = Assert.IsType<UniformPrior>(generator.Prior);
        Assert.Equal((-1f, 1f), (prior.Low, prior.High));
        Assert.Equal(new PixelRange(0f, 1f), generator.OutputRange);
        Assert.Equal("mnist-table1-uniform", generator.Card?.Name);
        Assert.Equal(RepoPaths.MnistModel, generator.Path);
        Assert.Empty(notices);
    }

    [Fact]
    public void Generate_BundledMnist_GivesImagesOfTheDeclaredShapeInTheCardsRange()
    {
        using var generator = Generator.Open(RepoPaths.MnistModel);
        var latents = new float[3 * generator.LatentSize];
        generator.Prior.Sample(new Random(5), latents);

        var (images, shape) = generator.Generate(latents, 3);

        Assert.Equal([3L, 1, 28, 28], shape);
        Assert.Equal(3 * 28 * 28, images.Length);
        Assert.All(images, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Generate_SameLatents_GiveIdenticalImages()
    {
        using var generator = Generator.Open(RepoPaths.MnistModel);
        var latents = new float[2 * generator.LatentSize];
        generator.Prior.Sample(new Random(9), latents);

        Assert.Equal(generator.Generate(latents, 2).Images, generator.Generate(latents, 2).Images);
    }

    [Fact]
    public void Generate_LatentCountMismatch_ThrowsArgumentException()
    {
        using var generator = Generator.Open(RepoPaths.MnistModel);

        Assert.Throws<ArgumentException>(() => generator.Generate(new float[150], 2));
    }

    [Fact]
    public void Open_ExplicitOptions_OverrideTheCard()
    {
        var notices = new List<string>();
        var options = new GeneratorOptions { LatentInput = "z", ImageOutput = "image", Prior = new NormalPrior(0, 0.5f), OutputRange = new PixelRange(-1f, 1f), Notice = notices.Add };

        using var generator = Generator.Open(RepoPaths.MnistModel, options);

        var prior = Assert.IsType<NormalPrior>(generator.Prior);
        Assert.Equal(0.5f, prior.Std);
        Assert.Equal(new PixelRange(-1f, 1f), generator.OutputRange);
        Assert.Empty(notices);
    }

    [Fact]
    public void Open_ModelWithoutCardEndingInSigmoid_AssumesNormalPriorWithNoticeAndRangeZeroToOne()
    {
        var notices = new List<string>();
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid");

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        Assert.Null(generator.Card);
        Assert.Equal("z", generator.LatentInput);
        Assert.Equal("image", generator.ImageOutput);
        Assert.Equal([4L], generator.LatentShape);
        var prior = Assert.IsType<NormalPrior>(generator.Prior);
        Assert.Equal((0f, 1f), (prior.MeanValue, prior.Std));
        Assert.Equal(new PixelRange(0f, 1f), generator.OutputRange);
        string notice = Assert.Single(notices);
        Assert.Contains("no prior given", notice, StringComparison.Ordinal);
        Assert.Contains(path, notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ModelWithoutCardEndingInTanh_GuessesRangeMinusOneToOneWithoutRangeNotice()
    {
        var notices = new List<string>();
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Tanh");

        using var generator = Generator.Open(path, new GeneratorOptions { Prior = new UniformPrior(-1, 1), Notice = notices.Add });

        Assert.Equal(new PixelRange(-1f, 1f), generator.OutputRange);
        Assert.Empty(notices);
    }

    [Fact]
    public void Open_ModelWithoutCardEndingInAnotherOp_AssumesMinusOneToOneAndSaysWhichOp()
    {
        var notices = new List<string>();
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Relu");

        using var generator = Generator.Open(path, new GeneratorOptions { Prior = new UniformPrior(-1, 1), Notice = notices.Add });

        Assert.Equal(new PixelRange(-1f, 1f), generator.OutputRange);
        string notice = Assert.Single(notices);
        Assert.Contains("last op is Relu", notice, StringComparison.Ordinal);
        Assert.Contains("[-1, 1]", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CardBesideTinyModel_SuppliesPriorAndRange()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Relu");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "prior": { "kind": "normal", "std": 0.5 }, "image": { "range": [0, 4] } }""");
        var notices = new List<string>();

        using var generator = Generator.Open(path, new GeneratorOptions { Notice = notices.Add });

        var prior = Assert.IsType<NormalPrior>(generator.Prior);
        Assert.Equal((0f, 0.5f), (prior.MeanValue, prior.Std));
        Assert.Equal(new PixelRange(0f, 4f), generator.OutputRange);
        Assert.Empty(notices);
    }

    [Fact]
    public void Open_CardWithUniformKindOnly_DefaultsToMinusOneToOne()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Tanh");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "prior": { "kind": "Uniform" } }""");

        using var generator = Generator.Open(path);

        var prior = Assert.IsType<UniformPrior>(generator.Prior);
        Assert.Equal((-1f, 1f), (prior.Low, prior.High));
    }

    [Theory]
    [InlineData("""{ "prior": { "kind": "triangle" } }""", "'triangle'")]
    [InlineData("""{ "prior": { "kind": "uniform", "low": 1, "high": 0 } }""", "prior is invalid")]
    [InlineData("""{ "image": { "range": [1, 0] } }""", "image range")]
    [InlineData("""{ "image": { "range": [0, 1, 2] } }""", "image range")]
    [InlineData("{ broken", "invalid model card")]
    public void Open_InvalidCard_ThrowsFormatExceptionSayingWhat(string card, string expected)
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Tanh");
        File.WriteAllText(_temp.File(ModelCard.FileName), card);

        var ex = Assert.Throws<FormatException>(() => Generator.Open(path));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CardNamingOtherInputAndOutput_UsesTheCardsNames()
    {
        string path = TinyGenerators.Write(_temp.File("g.onnx"), "Tanh", latent: "noise", image: "rgb");
        File.WriteAllText(_temp.File(ModelCard.FileName), """{ "latent": { "name": "noise" }, "image": { "name": "rgb" }, "prior": { "kind": "normal" } }""");

        using var generator = Generator.Open(path);

        Assert.Equal("noise", generator.LatentInput);
        Assert.Equal("rgb", generator.ImageOutput);
    }

    [Fact]
    public void Open_UnknownLatentName_ThrowsListingTheInputs()
    {
        var ex = Assert.ThrowsAny<InvalidOperationException>(() => Generator.Open(RepoPaths.MnistModel, new GeneratorOptions { LatentInput = "w" }));

        Assert.Contains("'w' is not a tensor of the graph", ex.Message, StringComparison.Ordinal);
        Assert.Contains("inputs: z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownImageName_ThrowsListingTheOutputs()
    {
        var ex = Assert.ThrowsAny<InvalidOperationException>(() => Generator.Open(RepoPaths.MnistModel, new GeneratorOptions { ImageOutput = "rgb" }));

        Assert.Contains("'rgb' is not a tensor of the graph", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outputs: image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFoundExceptionNamingIt()
    {
        string path = _temp.File("missing.onnx");

        var ex = Assert.Throws<FileNotFoundException>(() => Generator.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
