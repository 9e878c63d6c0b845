using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

public sealed class ProgressPrinterTests
{
    [Fact]
    public void Terminal_RedrawsOneLineWithCarriageReturnsAndEndsItOnFinish()
    {
        var time = new ManualTime();
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: true, alreadyDone: 0, total: 16, time);

        printer.Report(ProgressFormatTests.Progress(0, 100, 1000, 1, 0.5));
        time.Advance(TimeSpan.FromMilliseconds(250));
        printer.Report(ProgressFormatTests.Progress(0, 200, 1000, 2, 0.4));
        printer.Finish();

        string text = writer.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("[####--------------------]  20%", text, StringComparison.Ordinal);
        Assert.EndsWith("\u001b[K" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_ReportsWithin200Ms_AreDropped()
    {
        var time = new ManualTime();
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: true, alreadyDone: 0, total: 16, time);

        printer.Report(ProgressFormatTests.Progress(0, 100, 1000, 1, 0.5));
        printer.Report(ProgressFormatTests.Progress(0, 900, 1000, 1, 0.5));

        Assert.Equal(1, writer.ToString().Count(c => c == '\r'));
    }

    [Fact]
    public void Redirected_PlainLinesEveryTwoSecondsOrEveryTenth()
    {
        var time = new ManualTime();
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: false, alreadyDone: 0, total: 16, time);

        printer.Report(ProgressFormatTests.Progress(0, 10, 1000, 0, 0.5));   // first: printed
        printer.Report(ProgressFormatTests.Progress(0, 50, 1000, 0, 0.5));   // same tenth, 0 s: dropped
        printer.Report(ProgressFormatTests.Progress(0, 110, 1000, 0, 0.5));  // a new tenth: printed
        time.Advance(TimeSpan.FromSeconds(1));
        printer.Report(ProgressFormatTests.Progress(0, 150, 1000, 1, 0.5));  // same tenth, 1 s: dropped
        time.Advance(TimeSpan.FromSeconds(1));
        printer.Report(ProgressFormatTests.Progress(0, 160, 1000, 2, 0.5));  // 2 s later: printed
        printer.Finish();

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("invert: 0/16 images", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.EndsWith("16% done", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_TheFinishingReport_IsAlwaysDrawn()
    {
        var time = new ManualTime();
        using var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, terminal: true, alreadyDone: 0, total: 16, time);

        printer.Report(ProgressFormatTests.Progress(0, 100, 1000, 1, 0.5));
        printer.Report(ProgressFormatTests.Progress(16, 1000, 1000, 1, 0.1));

        Assert.Contains("100% 16/16 images", writer.ToString(), StringComparison.Ordinal);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan span) => _ticks += span.Ticks;
    }
}
