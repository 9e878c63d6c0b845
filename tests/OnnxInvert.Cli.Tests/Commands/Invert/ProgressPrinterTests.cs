using OnnxInvert.Cli.Commands.Invert;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Tests.Commands.Invert;

public sealed class ProgressPrinterTests
{
    private static readonly InversionProgress Sample = new(12, 3, 10, 4, 0.125, 50, 200, 0, TimeSpan.FromSeconds(10));

    [Fact]
    public void Log_WritesALineWithCountsLossAndEta_ThenThrottles()
    {
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: false, alreadyDone: 2, total: 12);

        printer.Report(Sample);
        printer.Report(Sample with { Iteration = 13 });
        printer.Finish();

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.Contains("5/12 images", line, StringComparison.Ordinal);
        Assert.Contains("4 in batch", line, StringComparison.Ordinal);
        Assert.Contains("iteration 12", line, StringComparison.Ordinal);
        Assert.Contains("mean loss 0.125", line, StringComparison.Ordinal);
        Assert.Contains("ETA 0:30", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_RewritesOneStatusLine_AndFinishEndsIt()
    {
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: true, alreadyDone: 0, total: 10);

        printer.Report(Sample with { SampleSteps = 0 });
        printer.Finish();

        string text = writer.ToString();
        Assert.StartsWith("\r", text, StringComparison.Ordinal);
        Assert.Contains("ETA ?", text, StringComparison.Ordinal);
        Assert.EndsWith("\u001b[K" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
