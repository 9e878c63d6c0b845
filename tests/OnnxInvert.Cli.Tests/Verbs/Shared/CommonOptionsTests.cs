using CommandLine;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Cli.Verbs.Invert;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

public sealed class CommonOptionsTests
{
    [Fact]
    public void OrtOptimization_NotGiven_IsAll()
    {
        var settings = Parse("invert -m m.onnx -i x -o y").Settings(_ => { });

        Assert.Equal(GraphOptimizationLevel.All, settings.GraphOptimization);
    }

    [Theory]
    [InlineData("all", GraphOptimizationLevel.All)]
    [InlineData("basic", GraphOptimizationLevel.Basic)]
    [InlineData("disabled", GraphOptimizationLevel.Disabled)]
    public void OrtOptimization_Given_IsTheSessionsLevel_OtherSettingsKept(string flag, GraphOptimizationLevel level)
    {
        var notices = new List<string>();
        var settings = Parse($"invert -m m.onnx -i x -o y --ort-optimization {flag} --threads 1").Settings(notices.Add);

        Assert.Equal(level, settings.GraphOptimization);
        Assert.Equal(1, settings.IntraOpThreads);
        Assert.Empty(notices);
    }

    [Fact]
    public void OrtOptimization_UnknownLevel_IsAUsageErrorListingTheLevels()
    {
        var result = CliRunner.RunLine("invert -m m.onnx -i x -o y --ort-optimization fastest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--ort-optimization", result.Errors, StringComparison.Ordinal);
        Assert.Contains("extended", result.Errors, StringComparison.OrdinalIgnoreCase);
    }

    private static InvertOptions Parse(string line)
    {
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;
            s.AllowMultiInstance = true;
            s.CaseInsensitiveEnumValues = true;
        });
        InvertOptions? parsed = null;
        parser.ParseArguments<InvertOptions>(CliRunner.Split(line)[1..]).WithParsed(o => parsed = o);
        return parsed ?? throw new InvalidOperationException($"did not parse: {line}");
    }
}
