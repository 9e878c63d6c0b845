using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Compare;

/// <summary><c>compare --resume</c>: an interrupted comparison goes on where it stopped and ends as an uninterrupted one.</summary>
public sealed class CompareResumeTests : IDisposable
{
    private readonly CompareWorkspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void InterruptedComparison_ResumesAndMatchesAnUninterruptedOne()
    {
        string[] models = [_work.Model("uniform", CompareWorkspace.Uniform), _work.Model("normal", CompareWorkspace.Normal)];
        string[] settings = ["--steps", "20", "--batch", "1", "--seed", "3"];
        Assert.Equal(0, _work.Compare(models, [.. settings, "--out", _work.File("full")]).ExitCode);
        using var cancel = new CancellationTokenSource();
        using var errors = new CancelOnSecondModel(cancel);

        int code = Program.Run(["compare", "--models", .. models, "--images", _work.Images, .. settings, "--out", _work.File("cut")], TextWriter.Null, errors, cancel.Token);

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("--resume", errors.ToString(), StringComparison.Ordinal);
        var resumed = _work.Compare(models, [.. settings, "--out", _work.File("cut"), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        Assert.Contains("already done", resumed.Errors, StringComparison.Ordinal);
        Assert.Equal(Means(_work.File("full")), Means(_work.File("cut")));
    }

    [Fact]
    public void ResumeWithOtherSettings_ExitsTwo()
    {
        string[] models = [_work.Model("uniform", CompareWorkspace.Uniform)];
        Assert.Equal(0, _work.Compare(models, "--steps", "5", "--out", _work.File("done")).ExitCode);

        var result = _work.Compare(models, "--steps", "6", "--out", _work.File("done"), "--resume");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("other settings", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithoutOut_ExitsTwo()
    {
        var result = _work.Compare([_work.Model("uniform", CompareWorkspace.Uniform)], "--resume");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Errors, StringComparison.Ordinal);
    }

    private static double[] Means(string folder) =>
        [.. CompareWorkspace.Json(folder).GetProperty("models").EnumerateArray().Select(r => r.GetProperty("mse").GetProperty("mean").GetDouble())];

    /// <summary>Cancels once the second model has started, so the first is finished and the second is cut short.</summary>
    private sealed class CancelOnSecondModel(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains("[2/2]", StringComparison.Ordinal) && value.Contains('%', StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
