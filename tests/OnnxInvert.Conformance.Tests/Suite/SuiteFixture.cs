using OnnxInvert.BackendRoundTrip.Suite;

namespace OnnxInvert.Conformance.Tests.Suite;

/// <summary>Runs the whole suite once for every test of <see cref="BackendSuiteTests"/>.</summary>
public sealed class SuiteFixture
{
    private readonly Lazy<SuiteResult> _result = new(() => new BackendSuite(BackendTestData.Directory).Run());

    internal SuiteResult Result => _result.Value;
}
