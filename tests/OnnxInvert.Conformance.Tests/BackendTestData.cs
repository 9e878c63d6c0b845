using OnnxInvert.BackendRoundTrip.Suite;

namespace OnnxInvert.Conformance.Tests;

/// <summary>The backend node tests folder, or a failure that says how to install it.</summary>
internal static class BackendTestData
{
    /// <summary>The data folder (<c>ONNX_BACKEND_TESTDATA</c>, else the Debian package's); fails the test when it is missing.</summary>
    public static string Directory
    {
        get
        {
            string directory = TestDataLocation.Resolve(requested: null);
            if (!System.IO.Directory.Exists(directory))
            {
                Assert.Fail(
                    $"The ONNX backend node tests are not installed: '{directory}' does not exist. Run `{TestDataLocation.InstallHint}` " +
                    $"(tools/prerequisites.sh --tests does it), or point {TestDataLocation.EnvironmentVariable} at a copy of onnx/backend/test/data/node.");
            }

            return directory;
        }
    }

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static BackendCase Case(string name) => BackendCase.Discover(Directory).Single(c => c.Name == name);
}
