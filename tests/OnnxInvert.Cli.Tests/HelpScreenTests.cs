using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests;

public sealed class HelpScreenTests
{
    public static TheoryData<string, string[]> VerbOptions => new()
    {
        { "info", ["--json", "MODEL"] },
        { "sample", ["--model", "--count", "--seed", "--out", "--columns", "--prior", "--latent", "--output", "--range", "--save-latents", "--batch", "--ort-lib", "--provider", "--threads", "--ort-profile", "--ort-config"] },
        { "grad", ["--out", "--latent", "--output", "--ort-lib", "--provider", "--threads", "--ort-profile", "--ort-config", "MODEL"] },
        { "check-grad", ["--latent", "--output", "--directions", "--seed", "--float32", "--tolerance", "--ort-lib", "--provider", "--threads", "--ort-profile", "--ort-config", "MODEL"] },
        {
            "invert",
            [
                "--model", "--images", "--out", "--steps", "--batch", "--optimizer", "--lr", "--momentum", "--schedule", "--loss", "--prior", "--prior-mode",
                "--beta", "--gamma1", "--gamma2", "--moment-scope", "--init", "--seed", "--restarts", "--tol", "--patience", "--max-reinit", "--resume",
                "--latent", "--output", "--range", "--npy-range", "--ort-lib", "--provider", "--threads", "--ort-profile", "--ort-config",
            ]
        },
        {
            "compare",
            [
                "--models", "--images", "--out", "--confidence", "--preset", "--steps", "--batch", "--optimizer", "--lr", "--loss", "--prior", "--prior-mode",
                "--init", "--seed", "--restarts", "--resume", "--ort-lib", "--provider", "--threads", "--ort-profile", "--ort-config",
            ]
        },
        { "report", ["--out", "--title", "DIR"] },
    };

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public void TopLevelHelp_ListsEveryVerbOnOutputAndExitsZero(string arg)
    {
        var result = CliRunner.Run(arg);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Errors);
        foreach (string verb in new[] { "info", "sample", "grad", "check-grad", "invert", "compare", "report" })
        {
            Assert.Contains($"  {verb} ", result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(VerbOptions))]
    public void VerbDashDashHelp_ListsTheVerbsOptionsAndExitsZero(string verb, string[] options)
    {
        AssertVerbHelp(CliRunner.Run(verb, "--help"), verb, options);
    }

    [Theory]
    [MemberData(nameof(VerbOptions))]
    public void HelpVerb_ListsTheVerbsOptionsAndExitsZero(string verb, string[] options)
    {
        AssertVerbHelp(CliRunner.Run("help", verb), verb, options);
    }

    [Fact]
    public void HelpUnknownVerb_ExitsTwoNamingItAndTheVerbs()
    {
        var result = CliRunner.Run("help", "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown verb 'frobnicate'", result.Errors, StringComparison.Ordinal);
        Assert.Contains("info, sample, grad, check-grad, invert, compare, merge, report", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void NoArguments_ExitsTwoWithTheVerbListOnErrors()
    {
        var result = CliRunner.Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("no verb given", result.Errors, StringComparison.Ordinal);
        Assert.Contains("  check-grad ", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("Info")]
    public void UnknownVerb_ExitsTwoNamingItAndTheVerbs(string verb)
    {
        var result = CliRunner.Run(verb, "model.onnx");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains($"unknown verb '{verb}'", result.Errors, StringComparison.Ordinal);
        Assert.Contains("info, sample, grad, check-grad, invert, compare, merge, report", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("sample")]
    [InlineData("grad")]
    [InlineData("check-grad")]
    [InlineData("invert")]
    [InlineData("compare")]
    [InlineData("report")]
    public void VerbHelp_HasAtLeastOneExampleLine(string verb)
    {
        var result = CliRunner.Run("help", verb);

        Assert.Contains("EXAMPLES", result.Output, StringComparison.Ordinal);
        Assert.Contains($"    onnxinvert {verb} ", result.Output, StringComparison.Ordinal);
    }

    private static void AssertVerbHelp(CliResult result, string verb, string[] options)
    {
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Errors);
        Assert.Contains($"onnxinvert {verb}:", result.Output, StringComparison.Ordinal);
        foreach (string option in options.Append("--help"))
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }
    }
}
