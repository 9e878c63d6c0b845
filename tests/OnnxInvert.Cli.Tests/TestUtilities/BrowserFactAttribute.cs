namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// A fact that renders a page in headless Chromium (<see cref="HeadlessChromium"/>). Skipped only when
/// ONNXINVERT_SKIP_BROWSER=1; where Chromium is missing otherwise, the test fails saying how to install it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ONNXINVERT_SKIP_BROWSER") == "1")
        {
            Skip = "ONNXINVERT_SKIP_BROWSER=1";
        }
    }
}
