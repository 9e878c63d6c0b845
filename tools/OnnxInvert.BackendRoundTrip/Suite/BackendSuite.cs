using System.Diagnostics;
using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>Runs every case of the backend node tests in a data folder.</summary>
internal sealed class BackendSuite
{
    private readonly string _dataDirectory;

    /// <param name="dataDirectory">The <c>data/node</c> folder of the test data (see <see cref="TestDataLocation"/>).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public BackendSuite(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException(
                $"The ONNX backend test data folder '{dataDirectory}' does not exist; install it with `{TestDataLocation.InstallHint}` " +
                $"(tools/prerequisites.sh --tests), or name another folder with --data or {TestDataLocation.EnvironmentVariable}.");
        }

        _dataDirectory = dataDirectory;
    }

    /// <summary>
    /// Session settings for the suite: one thread per session (the models are tiny; this keeps a shared machine
    /// usable), default graph optimisation as in ONNX's backend runner.
    /// </summary>
    public static SessionSettings Settings { get; } = new() { IntraOpThreads = 1, InterOpThreads = 1 };

    /// <summary>Runs every case, reporting each result to <paramref name="progress"/> as it completes.</summary>
    public SuiteResult Run(Action<int, int, CaseResult>? progress = null)
    {
        long started = Stopwatch.GetTimestamp();
        IReadOnlyList<BackendCase> cases = BackendCase.Discover(_dataDirectory);
        var runner = new CaseRunner(new ModelExecution(Settings));
        var results = new List<CaseResult>(cases.Count);
        foreach (BackendCase testCase in cases)
        {
            CaseResult result = runner.Run(testCase);
            results.Add(result);
            progress?.Invoke(results.Count, cases.Count, result);
        }

        return new SuiteResult(_dataDirectory, OrtLibrary.Version, results, Stopwatch.GetElapsedTime(started));
    }
}
