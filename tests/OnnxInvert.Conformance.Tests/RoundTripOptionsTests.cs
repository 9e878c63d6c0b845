using OnnxInvert.BackendRoundTrip;

namespace OnnxInvert.Conformance.Tests;

public sealed class RoundTripOptionsTests
{
    [Fact]
    public void Parse_NoArguments_UsesDefaults()
    {
        RoundTripOptions options = RoundTripOptions.Parse([]);

        Assert.Null(options.DataDirectory);
        Assert.Null(options.ReportPath);
    }

    [Fact]
    public void Parse_DataAndReport_AreKept()
    {
        RoundTripOptions options = RoundTripOptions.Parse(["--data", "d/node", "--report", "docs/r.md"]);

        Assert.Equal("d/node", options.DataDirectory);
        Assert.Equal("docs/r.md", options.ReportPath);
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--report", "--data", "x")]
    [InlineData("--verbose")]
    [InlineData("node")]
    public void Parse_InvalidArguments_ThrowsSayingWhy(params string[] args)
    {
        var ex = Assert.Throws<ArgumentException>(() => RoundTripOptions.Parse(args));

        Assert.Contains(args[0], ex.Message);
    }
}
