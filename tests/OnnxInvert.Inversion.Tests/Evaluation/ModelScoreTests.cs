using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Inversion.Tests.Evaluation;

public sealed class ModelScoreTests
{
    [Fact]
    public void Of_LeavesFailedImagesOutOfTheSummariesAndCountsThem()
    {
        InversionResult[] results = [Result(0, 0.01, 1f), Result(1, 0.03, 2f), Result(2, double.NaN, float.NaN)];

        var score = ModelScore.Of("g.onnx", results, 1.5);

        Assert.Equal(1, score.Failed);
        Assert.Equal(2, score.Mse.Count);
        Assert.Equal(0.02, score.Mse.Mean, 12);
        Assert.Equal(1.5, score.WallSeconds);
    }

    [Fact]
    public void Of_NothingFinished_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelScore.Of("g.onnx", [Result(0, double.NaN, float.NaN)], 1));

        Assert.Contains("g.onnx", ex.Message, StringComparison.Ordinal);
    }

    private static InversionResult Result(int index, double mse, float loss) => new()
    {
        Index = index,
        Source = $"image-{index}",
        Latent = [0f],
        Reconstruction = [0f],
        Loss = loss,
        Penalty = 0,
        Mse = mse,
        Mae = Math.Sqrt(mse),
        Psnr = 10 * Math.Log10(1 / mse),
        Steps = 10,
        Converged = false,
        Restart = 0,
        Reinitializations = 0,
    };
}
