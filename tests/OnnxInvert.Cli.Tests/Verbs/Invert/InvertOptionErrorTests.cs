using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>Invalid <c>invert</c> option values exit 2 before any work, with a message naming the option.</summary>
public sealed class InvertOptionErrorTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 1);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--restarts", "0")]
    [InlineData("--patience", "0")]
    [InlineData("--max-reinit", "-1")]
    [InlineData("--tol", "-0.5")]
    [InlineData("--lr", "0")]
    [InlineData("--momentum", "1.5")]
    [InlineData("--beta", "-1")]
    [InlineData("--gamma1", "-1")]
    [InlineData("--gamma2", "-2")]
    [InlineData("--optimizer", "foo")]
    [InlineData("--loss", "foo")]
    [InlineData("--prior", "foo")]
    [InlineData("--prior", "uniform:1,0")]
    [InlineData("--prior-mode", "foo")]
    [InlineData("--moment-scope", "foo")]
    [InlineData("--schedule", "foo")]
    [InlineData("--schedule", "ramp:0,2")]
    [InlineData("--init", "missing.npy")]
    [InlineData("--init", "foo")]
    [InlineData("--range", "1,0")]
    [InlineData("--threads", "-1")]
    [InlineData("--provider", "foo")]
    [InlineData("--ort-config", "no-equals-sign")]
    [InlineData("--ort-config", "=1")]
    [InlineData("--ort-profile", " ")]
    public void BadValue_ExitsTwoNamingTheOption(string option, string value)
    {
        var result = _work.Invert("out", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains(option, result.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.File("out")), "nothing is written for a bad option");
    }

    [Theory]
    [InlineData("--steps", "many")]
    [InlineData("--lr", "fast")]
    public void NonNumericValue_ExitsTwoNamingTheOption(string option, string value)
    {
        var result = _work.Invert("out", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Errors, StringComparison.Ordinal);
        Assert.Contains(value, result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("normal", "clip")]
    [InlineData("uniform", "moments")]
    [InlineData("uniform", "log-likelihood")]
    [InlineData("normal", "stochastic-clip")]
    public void PriorModeThatDoesNotFitThePrior_ExitsTwoNamingBoth(string prior, string mode)
    {
        var result = _work.Invert("out", "--prior", prior, "--prior-mode", mode);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not apply to the prior", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredOptions_ExitTwoNamingThem()
    {
        var result = CliRunner.Run("invert", "-m", _work.Model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--images", result.Errors, StringComparison.Ordinal);
        Assert.Contains("--out", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void InitFileOfTheWrongShape_ExitsOneNamingItAndTheShapes()
    {
        string init = _work.File("init.npy");
        OnnxInvert.Imaging.NpyFile.Write(init, OnnxInvert.Imaging.NpyArray.Create<float>(new float[6], [2, 3]));

        var result = _work.Invert("out", "--init", init);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("init.npy", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(2, 3)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(1, 4)", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLatentInput_ExitsOneNamingIt()
    {
        var result = _work.Invert("out", "--latent", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'nope'", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownImageOutput_ExitsOneNamingIt()
    {
        var result = _work.Invert("out", "--output", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'nope'", result.Errors, StringComparison.Ordinal);
    }
}
