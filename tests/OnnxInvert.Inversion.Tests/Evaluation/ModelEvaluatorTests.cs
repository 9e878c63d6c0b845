using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Evaluation;

public sealed class ModelEvaluatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ScoreAsync_ImagesTheGeneratorMade_ScoresBetterThanImagesItCannotMake()
    {
        using var generator = Generator.Open(TinyGenerators.Write(_temp.File("g.onnx"), "Sigmoid"), new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        float[] latents = [0.3f, -0.2f, 0.5f, 0.1f, -0.6f, 0.4f, 0.0f, -0.3f, 0.2f, 0.2f, -0.1f, 0.7f];
        var (images, _) = generator.Generate(latents, 3);
        float[] unreachable = Enumerable.Range(0, images.Length).Select(i => i % 2 == 0 ? 0.02f : 0.98f).ToArray();
        var options = new InversionOptions
        {
            Steps = 300,
            BatchSize = 2,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        };

        var made = await ModelEvaluator.ScoreAsync(generator, new InversionTargets(images, 3), options);
        var other = await ModelEvaluator.ScoreAsync(generator, new InversionTargets(unreachable, 3), options);

        Assert.Equal(generator.Path, made.Model);
        Assert.Equal(3, made.Mse.Count);
        Assert.Equal(0, made.Failed);
        Assert.True(made.Mse.Mean < 1e-4, $"MSE {made.Mse.Mean} on images the generator made");
        Assert.True(other.Mse.Mean > 10 * made.Mse.Mean, $"MSE {other.Mse.Mean} vs {made.Mse.Mean}");
        Assert.True(made.Psnr.Mean > other.Psnr.Mean);
        Assert.True(double.IsFinite(made.Mae.HalfWidth));
        Assert.True(made.WallSeconds > 0);
    }
}
