using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests;

public sealed class ErrorMessagesTests
{
    [Theory]
    [InlineData("info m.onnx --bogus", "unknown option '--bogus'", "--json")]
    [InlineData("sample -m m.onnx -o x.png --colour red", "unknown option '--colour'", "--columns")]
    [InlineData("grad m.onnx --out g.onnx -x", "unknown option '-x'", "--latent")]
    [InlineData("check-grad m.onnx --steps 3", "unknown option '--steps'", "--directions")]
    public void UnknownOption_ExitsTwoNamingItAndTheValidOptions(string line, string message, string validOption)
    {
        var result = CliRunner.RunLine(line);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains(message, result.Errors, StringComparison.Ordinal);
        Assert.Contains(validOption, result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info", "the MODEL argument is required")]
    [InlineData("grad --out g.onnx", "the MODEL argument is required")]
    [InlineData("check-grad", "the MODEL argument is required")]
    [InlineData("grad m.onnx", "--out is required")]
    [InlineData("sample --out x.png", "--model is required")]
    [InlineData("sample --model m.onnx", "--out is required")]
    public void MissingRequired_ExitsTwoNamingWhatIsMissing(string line, string message)
    {
        var result = CliRunner.RunLine(line);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"onnxinvert: {message}", result.Errors, StringComparison.Ordinal);
        Assert.Contains("Run 'onnxinvert help", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sample -m m.onnx -o x.png --count many", "--count 'many' is not a whole number")]
    [InlineData("sample -m m.onnx -o x.png --seed=1.5", "--seed '1.5' is not a whole number")]
    [InlineData("check-grad m.onnx --tolerance small", "--tolerance 'small' is not a number")]
    public void UnparsableNumber_ExitsTwoNamingTheOptionValueAndType(string line, string message)
    {
        var result = CliRunner.RunLine(line);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Errors, StringComparison.Ordinal);
    }
}
