using System.Globalization;
using OnnxInvert.BackendRoundTrip;
using OnnxInvert.BackendRoundTrip.Reporting;
using OnnxInvert.BackendRoundTrip.Suite;

// Exit codes: 0 no regressions (category d empty), 1 regressions, 2 usage or setup error (no test data, no ONNX Runtime).
RoundTripOptions options;
try
{
    options = RoundTripOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{RoundTripOptions.Usage}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(RoundTripOptions.Usage);
    return 0;
}

string dataDirectory = TestDataLocation.Resolve(options.DataDirectory);
BackendSuite suite;
try
{
    suite = new BackendSuite(dataDirectory);
}
catch (DirectoryNotFoundException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Console.WriteLine($"Round-tripping the ONNX backend node tests in {dataDirectory}");
SuiteResult result;
try
{
    result = suite.Run(ShowProgress);
}
catch (DllNotFoundException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Console.WriteLine($"ONNX Runtime {result.RuntimeVersion}, {result.Elapsed.TotalSeconds:F0} s");
Console.WriteLine(result.Summary);
if (options.ReportPath is { } reportPath)
{
    string command = "dotnet run --project tools/OnnxInvert.BackendRoundTrip -c Release --" +
        string.Concat(args.Select(a => " " + a));
    File.WriteAllText(reportPath, MarkdownReport.Render(result, command, DateTimeOffset.UtcNow));
    Console.WriteLine($"Report written to {reportPath}");
}

return result.Count(CaseOutcome.Regression) == 0 ? 0 : 1;

static void ShowProgress(int done, int total, CaseResult c)
{
    if (c.Outcome != CaseOutcome.Passed)
    {
        Console.WriteLine($"  {c.Name}: {c.Outcome}: {c.Reason}");
    }

    if (done % 100 == 0 || done == total)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{total}]"));
    }
}
