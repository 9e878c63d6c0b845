using System.Text.RegularExpressions;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Report;

/// <summary>What <c>report</c> writes for invert and compare folders, and how it fails.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly CompareWorkspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void InvertFolder_GivesOneSelfContainedPageWithTheGridHistogramCurveAndSettings()
    {
        string run = Invert("run");
        string page = _work.File("page/report.html");

        var result = CliRunner.Run("report", run, "--out", page, "--title", "Tiny <run> & co");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("wrote", result.Output, StringComparison.Ordinal);
        string html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Tiny &lt;run&gt; &amp; co</title>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("histogram of per-image MSE", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.Contains("<td>steps</td><td>20</td>", html, StringComparison.Ordinal);
        AssertSelfContained(html);
    }

    [Fact]
    public void CompareFolder_GivesTheTableTheCurvesOfEveryModelAndAFailedModelsError()
    {
        string model = _work.Model("uniform", """{"kind": "uniform", "low": -1, "high": 1}""");
        string dir = _work.File("compared");
        Assert.Equal(1, _work.Compare([model, _work.BrokenModel()], "--out", dir).ExitCode);
        string page = _work.File("report.html");

        var result = CliRunner.Run("report", dir, "--out", page);

        Assert.True(result.ExitCode == 0, result.Errors);
        string html = File.ReadAllText(page);
        Assert.Contains("comparison: compared", html, StringComparison.Ordinal);
        Assert.Contains(model, html, StringComparison.Ordinal);
        Assert.Contains("broken.onnx", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "src=\"data:image/png;base64,"));
        AssertSelfContained(html);
    }

    [Fact]
    public void FolderWithoutResults_ExitsOneNamingIt()
    {
        string empty = Directory.CreateDirectory(_work.File("empty")).FullName;

        var result = CliRunner.Run("report", empty, "--out", _work.File("r.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("empty", result.Errors, StringComparison.Ordinal);
        Assert.Contains("summary.json", result.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(_work.File("r.html")));
    }

    [Fact]
    public void MissingFolder_ExitsOne()
    {
        var result = CliRunner.Run("report", _work.File("nowhere"), "--out", _work.File("r.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nowhere", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFolder_ExitsTwo()
    {
        Assert.Equal(2, CliRunner.Run("report", "--out", _work.File("r.html")).ExitCode);
    }

    [BrowserFact]
    public void Page_RendersInHeadlessChromium_EveryImageLoadsAndNoScriptFails()
    {
        string run = Invert("run");
        string model = _work.Model("uniform", """{"kind": "uniform", "low": -1, "high": 1}""");
        string compared = _work.File("compared");
        Assert.Equal(0, _work.Compare([model], "--out", compared).ExitCode);
        string page = _work.File("report.html");
        Assert.Equal(0, CliRunner.Run("report", run, compared, "--out", page).ExitCode);

        var body = HeadlessChromium.BodyAttributes(HeadlessChromium.DumpDom(page));

        Assert.False(body.ContainsKey("data-script-error"), body.GetValueOrDefault("data-script-error"));
        Assert.Equal("ok", body.GetValueOrDefault("data-rendered"));
        Assert.Equal("2", body.GetValueOrDefault("data-images"));
    }

    [BrowserFact]
    public void RenderCheck_ReportsABrokenImage()
    {
        string page = _work.File("broken.html");
        File.WriteAllText(page, OnnxInvert.Cli.Verbs.Report.ReportPage.Render("broken", ["<img alt=\"x\" src=\"data:image/png;base64,AAAA\">"], "test"));

        var body = HeadlessChromium.BodyAttributes(HeadlessChromium.DumpDom(page));

        Assert.Equal("broken", body.GetValueOrDefault("data-rendered"));
    }

    private static void AssertSelfContained(string html)
    {
        Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    private string Invert(string name)
    {
        string dir = _work.File(name);
        var result = CliRunner.Run("invert", "-m", _work.Model("m-" + name, """{"kind": "uniform", "low": -1, "high": 1}"""), "-i", _work.Images, "-o", dir, "--steps", "20", "--batch", "2");
        Assert.True(result.ExitCode == 0, result.Errors);
        return dir;
    }
}
