using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests;

public sealed class VersionScreenTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public void Version_PrintsToolAndOnnxRuntimeVersionsAndExitsZero(string arg)
    {
        var result = CliRunner.Run(arg);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Errors);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("onnxinvert 0.1.0", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^ONNX Runtime \d+\.\d+\.\d+ \(.*libonnxruntime", lines[1]);
    }
}
