using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Priors;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class CutLatentMeanTests
{
    private static AdaptedLatent CutAtW(out string w)
    {
        w = Tensor("mapping_synthesis", "w");
        return ModelAdapter.Adapt(Load("mapping_synthesis"), Request("mapping_synthesis") with { Latents = [w] }).Latents[0];
    }

    [Fact]
    public void Compute_OneDraw_IsTheMappingOfThatPriorSample()
    {
        var latent = CutAtW(out string w);
        var prior = new NormalPrior(0, 1);
        var z = new float[8];
        prior.Sample(new Random(3), z);

        var mean = CutLatentMean.Compute(latent, prior, draws: 1, seed: 3);

        AssertClose(Run(Load("mapping_synthesis"), w, ("z", z, [1, 8])).Floats, mean);
    }

    [Fact]
    public void Compute_ManyDraws_AgreesWithAnIndependentEstimateAndSpansSeveralChunks()
    {
        var latent = CutAtW(out string w);
        var prior = new NormalPrior(0, 1);
        const int draws = 3000;
        var z = new float[draws * 8];
        prior.Sample(new Random(99), z);
        var values = Run(Load("mapping_synthesis"), w, ("z", z, [draws, 8])).Floats;
        var independent = Enumerable.Range(0, 8).Select(j => Enumerable.Range(0, draws).Average(s => values[(s * 8) + j])).ToArray();

        var mean = CutLatentMean.Compute(latent, prior, draws, seed: 1);

        Assert.Equal(8, mean.Length);
        for (int j = 0; j < 8; j++)
        {
            Assert.InRange(mean[j] - independent[j], -0.05, 0.05);
        }

        Assert.Equal(mean, CutLatentMean.Compute(latent, prior, draws, seed: 1));
        Assert.NotEqual(mean, CutLatentMean.Compute(latent, prior, draws, seed: 2));
    }

    [Fact]
    public void Compute_LatentThatIsAGraphInput_ThrowsArgumentException()
    {
        var latent = ModelAdapter.Adapt(Load("nhwc"), Request("nhwc")).Latents[0];

        var ex = Assert.Throws<ArgumentException>(() => CutLatentMean.Compute(latent, new NormalPrior(0, 1), 4));

        Assert.Contains("'z' is a graph input, not a cut point", ex.Message, StringComparison.Ordinal);
    }
}
