namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>Where the backend node tests are: <c>--data</c>, else <see cref="EnvironmentVariable"/>, else the Debian package's folder.</summary>
internal static class TestDataLocation
{
    /// <summary>The folder the Debian package <c>libonnx-testdata</c> installs the node tests to.</summary>
    public const string DebianPackageDirectory = "/usr/share/libonnx-testdata/data/node";

    /// <summary>The environment variable that names another folder.</summary>
    public const string EnvironmentVariable = "ONNX_BACKEND_TESTDATA";

    /// <summary>How to install the test data.</summary>
    public const string InstallHint = "apt-get install libonnx-testdata";

    /// <summary>The folder to use, given the one named on the command line (if any).</summary>
    public static string Resolve(string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DebianPackageDirectory : fromEnvironment;
    }
}
