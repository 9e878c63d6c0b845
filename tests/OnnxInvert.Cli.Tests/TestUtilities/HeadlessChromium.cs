using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// Loads a local HTML file in headless Chromium (ONNXINVERT_CHROMIUM, else /usr/bin/chromium, else <c>chromium</c> on
/// PATH), lets it run for a few seconds of virtual time, and returns the DOM as it then stands.
/// </summary>
internal static partial class HeadlessChromium
{
    private const string Install = "headless Chromium is needed to check the HTML report: install the apt package 'chromium' (bash tools/prerequisites.sh --tests), point ONNXINVERT_CHROMIUM at a Chromium binary, or set ONNXINVERT_SKIP_BROWSER=1 to skip this test";

    /// <summary>The serialised DOM of <paramref name="htmlFile"/> after loading.</summary>
    public static string DumpDom(string htmlFile)
    {
        using var profile = new TempFolder();
        string executable = Environment.GetEnvironmentVariable("ONNXINVERT_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", $"--user-data-dir={profile.Path}", "--virtual-time-budget=5000", "--dump-dom", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(Install);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{Install} ({executable}: {ex.Message})", ex);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(90_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{executable} did not finish rendering {htmlFile} in 90 s");
            }

            string dom = stdout.Result;
            if (process.ExitCode != 0 || dom.Length == 0)
            {
                throw new InvalidOperationException($"{executable} exited with {process.ExitCode} and no DOM: {stderr.Result}");
            }

            return dom;
        }
    }

    /// <summary>The attributes of the dumped DOM's body element.</summary>
    public static IReadOnlyDictionary<string, string> BodyAttributes(string dom)
    {
        var body = BodyTag().Match(dom);
        if (!body.Success)
        {
            throw new InvalidOperationException("the DOM has no <body> element");
        }

        return Attribute().Matches(body.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex("<body([^>]*)>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("([a-z-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
