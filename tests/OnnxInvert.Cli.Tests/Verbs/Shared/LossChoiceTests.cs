using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

/// <summary><c>--loss auto</c>: BCE for an image from a bounded activation, MSE for an unbounded one.</summary>
public sealed class LossChoiceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false, "bce")]
    [InlineData(true, "mse")]
    public void Auto_FollowsTheOutputActivation(bool unbounded, string expected)
    {
        string path = TinyModels.Write(_temp.File($"model-{unbounded}.onnx"), unbounded: unbounded);
        using var generator = Generator.Open(path, new GeneratorOptions { Prior = new UniformPrior(-1, 1), OutputRange = new PixelRange(-3, 3) });

        Assert.Equal(!unbounded, LossChoice.Bounded(generator));
        Assert.Equal(expected, LossChoice.Resolve("auto", generator));
        Assert.Equal(expected, LossChoice.Resolve(" AUTO ", generator));
        Assert.Equal("l1", LossChoice.Resolve("l1", generator)); // an explicit loss is kept as typed
    }

    [Fact]
    public void Auto_WithoutAModel_IsBce()
    {
        Assert.Equal("bce", LossChoice.Resolve("auto", null));
        Assert.Equal("mse", LossChoice.Resolve("mse", null));
    }
}
