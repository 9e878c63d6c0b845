using OnnxInvert.Autodiff;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Grad;

/// <summary>
/// <c>grad</c> and <c>check-grad</c> say what they are doing while they build the gradient graph of a large generator
/// (at least <see cref="BuildProgress.LargeGraphNodes"/> nodes), as <c>invert</c> does; small builds stay quiet.
/// </summary>
public sealed class GradProgressTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("grad")]
    [InlineData("check-grad")]
    public void LargeChain_PrintsTheBuildPhases(string verb)
    {
        string model = ChainModels.Write(_temp.File("chain.onnx"), BuildProgress.LargeGraphNodes + 100);
        // The check's accuracy is not what this test is about (a tolerance of 1 passes any finite check).
        string[] extra = verb == "grad" ? ["-o", _temp.File("vjp.onnx")] : ["--directions", "1", "--tolerance", "1"];

        var result = CliRunner.Run([verb, model, .. extra]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Errors}");
        string[] notes = [.. result.ErrorLines.Where(l => l.StartsWith($"{verb}: ", StringComparison.Ordinal))];
        Assert.Contains(notes, l => l.Contains("probing shapes (2,1", StringComparison.Ordinal));
        Assert.Contains(notes, l => l.Contains("building the gradient graph: activity analysis over", StringComparison.Ordinal));
        Assert.Contains(notes, l => l.Contains("building the gradient graph: backward pass: 2,000/", StringComparison.Ordinal));
        Assert.Contains(notes, l => l.Contains("building the gradient graph: backward pass done", StringComparison.Ordinal));
        Assert.True(verb == "grad" ? notes.Any(l => l.Contains("writing", StringComparison.Ordinal)) : notes.Any(l => l.Contains("runtime sessions ready", StringComparison.Ordinal)), string.Join("\n", notes));
    }

    [Theory]
    [InlineData("grad")]
    [InlineData("check-grad")]
    public void SmallModel_BuildsQuietly(string verb)
    {
        string model = TinyModels.Write(_temp.File("tiny.onnx"));
        string[] extra = verb == "grad" ? ["-o", _temp.File("vjp.onnx")] : ["--directions", "1"];

        var result = CliRunner.Run([verb, model, .. extra]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Errors}");
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith($"{verb}: ", StringComparison.Ordinal));
    }
}
