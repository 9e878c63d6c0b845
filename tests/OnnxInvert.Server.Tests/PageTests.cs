using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>The page at <c>/</c> in headless Chromium: it lists the model, inverts a drawn digit through the API and shows the result.</summary>
public sealed partial class PageTests
{
    private const string Install = "headless Chromium is needed to check the page: install the apt package 'chromium' (bash tools/prerequisites.sh --tests), point ONNXINVERT_CHROMIUM at a Chromium binary, or set ONNXINVERT_SKIP_BROWSER=1 to skip this test";

    [Fact]
    public async Task Page_InvertsADrawnImage_InHeadlessChromium()
    {
        if (Environment.GetEnvironmentVariable("ONNXINVERT_SKIP_BROWSER") == "1")
        {
            return;
        }

        await using var server = await TestServer.Start();
        // Chromium's virtual-time budget can run out while the job is still in flight on a cold or busy machine (the
        // page is then still "loading", "ready", "submitted" or "running"): render again, at most three times; an error
        // state fails at once.
        string dom = string.Empty;
        var attributes = new Dictionary<string, string>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            dom = await Task.Run(() => DumpDom(new Uri(server.Client.BaseAddress!, "/?demo=1&steps=3").AbsoluteUri));
            var body = BodyTag().Match(dom);
            Assert.True(body.Success, dom);
            attributes = Attribute().Matches(body.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (attributes.GetValueOrDefault("data-state") is not ("loading" or "ready" or "submitted" or "running" or "queued"))
            {
                break;
            }
        }

        Assert.True(attributes.GetValueOrDefault("data-state") == "succeeded", $"page state {attributes.GetValueOrDefault("data-state")}: {dom}");
        Assert.Equal("mnist", attributes["data-models"]);
        Assert.Equal("100", attributes["data-latent-size"]);
        Assert.True(double.Parse(attributes["data-psnr"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("src=\"blob:", dom, StringComparison.Ordinal);
    }

    private static string DumpDom(string url)
    {
        string profile = Path.Combine(Path.GetTempPath(), "onnxinvert-page-" + Guid.NewGuid().ToString("N"));
        string executable = Environment.GetEnvironmentVariable("ONNXINVERT_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=60000", "--dump-dom", url })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException(Install);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{executable} did not finish rendering {url} in 180 s");
            }

            return stdout.Result.Length > 0 ? stdout.Result : throw new InvalidOperationException($"{executable} exited with {process.ExitCode} and no DOM: {stderr.Result}");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{Install} ({executable}: {ex.Message})", ex);
        }
        finally
        {
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }

    [GeneratedRegex("<body([^>]*)>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("([a-z-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
