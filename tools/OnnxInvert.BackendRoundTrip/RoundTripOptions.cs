using OnnxInvert.BackendRoundTrip.Suite;

namespace OnnxInvert.BackendRoundTrip;

/// <summary>The command line: <c>[--data DIR] [--report FILE]</c>.</summary>
internal sealed class RoundTripOptions
{
    /// <summary>How to call the tool.</summary>
    public const string Usage =
        "usage: dotnet run --project tools/OnnxInvert.BackendRoundTrip -c Release -- [--data DIR] [--report FILE]\n" +
        $"  --data DIR     the node tests folder (default: ${TestDataLocation.EnvironmentVariable}, else {TestDataLocation.DebianPackageDirectory})\n" +
        "  --report FILE  also write the Markdown report there (e.g. docs/onnx-backend-roundtrip.md)";

    /// <summary>The data folder named with <c>--data</c>, if any.</summary>
    public string? DataDirectory { get; private init; }

    /// <summary>Where to write the Markdown report, if anywhere.</summary>
    public string? ReportPath { get; private init; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool ShowHelp { get; private init; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, or an option without its value; the message says which.</exception>
    public static RoundTripOptions Parse(IReadOnlyList<string> args)
    {
        string? data = null;
        string? report = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--data":
                    data = ValueAfter(args, ref i);
                    break;
                case "--report":
                    report = ValueAfter(args, ref i);
                    break;
                case "-h" or "--help":
                    return new RoundTripOptions { ShowHelp = true };
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'; the options are --data DIR and --report FILE");
            }
        }

        return new RoundTripOptions { DataDirectory = data, ReportPath = report };
    }

    private static string ValueAfter(IReadOnlyList<string> args, ref int i)
    {
        string option = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(args[i + 1]))
        {
            throw new ArgumentException($"{option} needs a value");
        }

        return args[++i];
    }
}
