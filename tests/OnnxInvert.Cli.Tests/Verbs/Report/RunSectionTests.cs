using OnnxInvert.Cli.Verbs.Report;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Report;

/// <summary>How <c>report</c> reads the per-image columns of metrics.csv.</summary>
public sealed class RunSectionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void PerImage_KeepsARowWhoseQuotedFileNameHoldsANewlineAndAComma()
    {
        string path = _temp.File("metrics.csv");
        File.WriteAllText(path, "index,source,mse\n0,a.png,0.25\n1,\"odd\nname, \"\"x\"\".png\",0.5\r\n2,c.png,0.125\n");

        double[] mse = RunSection.PerImage(path, "mse");

        Assert.Equal([0.25, 0.5, 0.125], mse);
    }
}
