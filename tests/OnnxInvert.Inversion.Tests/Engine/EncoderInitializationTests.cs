using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class EncoderInitializationTests : IDisposable
{
    private static readonly float[] TrueLatents = [0.5f, -0.25f, 0.75f, 0.1f, -0.6f, 0.3f, 0.2f, -0.9f, 0.05f, 0.4f, -0.35f, 0.8f];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Encoder_ExactInverse_StartsAtTheTrueLatentAndStaysThere()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(), "flatten");

        var results = await InvertAsync(generator, Options(encoder), TrueLatents, 3);

        Assert.Equal(3, results.Length);
        foreach (var result in results)
        {
            Assert.Equal(TrueLatents.AsSpan(result.Index * 4, 4).ToArray(), result.Latent);
            Assert.Equal(0f, result.Loss);
        }
    }

    [Fact]
    public async Task PriorInitialization_SameSettings_DoesNotReachTheTrueLatent()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(), "flatten");
        var options = Options(encoder);

        var results = await InvertAsync(generator, new InversionOptions { Steps = options.Steps, Loss = options.Loss, Initialization = LatentInitialization.PriorSample }, TrueLatents, 3);

        Assert.All(results, r => Assert.True(r.Loss > 1e-4, $"loss {r.Loss}"));
    }

    [Fact]
    public async Task Encoder_WithRestarts_RestartZeroStartsFromTheProposalAndWins()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(), "flatten");
        var options = Options(encoder, restarts: 3);

        var results = await InvertAsync(generator, options, TrueLatents, 3);

        Assert.All(results, r =>
        {
            Assert.Equal(0, r.Restart);
            Assert.Equal(0f, r.Loss);
        });
    }

    [Fact]
    public async Task Encoder_FixedBatchOfOne_RunsImageByImage()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(batch: "1"), "fixed-batch");

        var results = await InvertAsync(generator, Options(encoder), TrueLatents, 3);

        Assert.All(results, r => Assert.Equal(TrueLatents.AsSpan(r.Index * 4, 4).ToArray(), r.Latent));
    }

    [Fact]
    public void Create_EncoderInputShapeMismatch_NamesTheEncoderTheTensorAndBothShapes()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(imageDims: [1, 3, 3], latent: 9), "my-encoder.onnx");

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(generator, Options(encoder)));

        Assert.Contains("my-encoder.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 1, 3, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[B, 1, 2, 2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EncoderOutputShapeMismatch_NamesTheOutputAndTheLatentShape()
    {
        using var generator = OpenReshapeGenerator();
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(imageDims: [1, 2, 2], latent: 2), "short.onnx");

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(generator, Options(encoder)));

        Assert.Contains("short.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'proposal'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[B, 4]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EncoderInitializationWithoutEncoder_Throws()
    {
        using var generator = OpenReshapeGenerator();

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(generator, new InversionOptions { Initialization = LatentInitialization.Encoder }));

        Assert.Contains("Encoder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_NamesIt()
    {
        string path = _temp.File("absent.onnx");

        var ex = Assert.Throws<FileNotFoundException>(() => LatentEncoder.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BundledMnistEncoder_FitsTheGeneratorAndProposesLatentsInThePrior()
    {
        string path = Path.Combine(RepoPaths.Root, "onnx-models", "mnist-table1-uniform", "encoder.onnx");
        using var generator = Generator.Open(RepoPaths.MnistModel);
        using var encoder = LatentEncoder.Open(path);
        encoder.Validate(generator.ImageShape, generator.LatentShape);
        var latents = new float[3 * generator.LatentSize];
        generator.Prior.Sample(new Random(4), latents);
        var (images, _) = generator.Generate(latents, 3);

        var proposals = encoder.Encode(images, 3, generator.ImageShape, generator.LatentShape);

        Assert.Equal(3 * 100, proposals.Length);
        Assert.All(proposals, v => Assert.InRange(v, -1f, 1f));
        var (regenerated, _) = generator.Generate(proposals, 3);
        double mse = images.Zip(regenerated, (a, b) => (double)(a - b) * (a - b)).Average();
        Assert.True(mse < 0.05, $"G(E(G(z))) is far from G(z): MSE {mse}");
    }

    private static InversionOptions Options(LatentEncoder encoder, int restarts = 1) => new()
    {
        Steps = 5,
        Loss = LossKind.Mse,
        Initialization = LatentInitialization.Encoder,
        Encoder = encoder,
        Restarts = restarts,
    };

    private static async Task<InversionResult[]> InvertAsync(Generator generator, InversionOptions options, float[] images, int count)
    {
        using var inverter = Inverter.Create(generator, options);
        var results = new List<InversionResult>();
        await foreach (var result in inverter.InvertAsync(new InversionTargets(images, count)))
        {
            results.Add(result);
        }

        return [.. results.OrderBy(r => r.Index)];
    }

    private Generator OpenReshapeGenerator() => Generator.Open(
        TinyEncoders.WriteReshapeGenerator(_temp.File("reshape.onnx")),
        new GeneratorOptions { Prior = new UniformPrior(-1, 1), OutputRange = new PixelRange(-1, 1), Notice = _ => { } });
}
