using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class PixelWeightsTests : IDisposable
{
    private static readonly float[] Targets = [0.2f, 0.7f, 0.4f, 0.9f, 0.6f, 0.1f, 0.8f, 0.3f];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(LossKind.Bce)]
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.L1)]
    public async Task ZeroWeight_ChangingMaskedTargetPixels_LeavesTheTrajectoryUnchanged(LossKind loss)
    {
        using var generator = OpenGenerator();
        var options = new InversionOptions { Steps = 25, Loss = loss, PixelWeights = [1, 0, 1, 0] };
        float[] changed = (float[])Targets.Clone();
        changed[1] = 0.05f;
        changed[3] = 0.95f;
        changed[5] = 0.99f;
        changed[7] = 0.01f;

        var original = await InvertAsync(generator, options, Targets);
        var altered = await InvertAsync(generator, options, changed);

        for (int i = 0; i < original.Length; i++)
        {
            Assert.Equal(original[i].Latent, altered[i].Latent);
            Assert.Equal(original[i].Loss, altered[i].Loss);
            Assert.Equal(original[i].Steps, altered[i].Steps);
        }
    }

    [Fact]
    public async Task NoWeights_ChangingThoseTargetPixels_ChangesTheResult()
    {
        using var generator = OpenGenerator();
        var options = new InversionOptions { Steps = 25, Loss = LossKind.Mse };
        float[] changed = (float[])Targets.Clone();
        changed[1] = 0.05f;

        var original = await InvertAsync(generator, options, Targets);
        var altered = await InvertAsync(generator, options, changed);

        Assert.NotEqual(original[0].Latent, altered[0].Latent);
    }

    [Fact]
    public async Task AllOnes_MatchesNoWeights()
    {
        using var generator = OpenGenerator();

        var plain = await InvertAsync(generator, new InversionOptions { Steps = 10, Loss = LossKind.Mse }, Targets);
        var ones = await InvertAsync(generator, new InversionOptions { Steps = 10, Loss = LossKind.Mse, PixelWeights = [1, 1, 1, 1] }, Targets);

        for (int i = 0; i < plain.Length; i++)
        {
            Assert.Equal(plain[i].Loss, ones[i].Loss, 1e-6f);
            for (int j = 0; j < plain[i].Latent.Length; j++)
            {
                Assert.Equal(plain[i].Latent[j], ones[i].Latent[j], 1e-5f);
            }
        }
    }

    [Fact]
    public void Create_WeightsOfTheWrongSize_NamesBothSizes()
    {
        using var generator = OpenGenerator();

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(generator, new InversionOptions { PixelWeights = [1, 0, 1] }));

        Assert.Contains("3 values", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PixelWeights_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { PixelWeights = [1, -1, 1, 1] });
    }

    [Fact]
    public void Expand_OnePlane_IsRepeatedPerChannel()
    {
        Assert.Equal(new float[] { 1, 0, 1, 0, 1, 0 }, PixelWeightLayout.Expand([1, 0], [3, 1, 2])!);
    }

    private static async Task<InversionResult[]> InvertAsync(Generator generator, InversionOptions options, float[] images)
    {
        using var inverter = Inverter.Create(generator, options);
        var results = new List<InversionResult>();
        await foreach (var result in inverter.InvertAsync(new InversionTargets(images, 2)))
        {
            results.Add(result);
        }

        return [.. results.OrderBy(r => r.Index)];
    }

    private Generator OpenGenerator() => Generator.Open(
        TinyGenerators.Write(_temp.File("sigmoid.onnx"), "Sigmoid"),
        new GeneratorOptions { Prior = new UniformPrior(-1, 1), OutputRange = new PixelRange(0, 1), Notice = _ => { } });
}
