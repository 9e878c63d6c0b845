using OnnxInvert.BackendRoundTrip.Reporting;
using OnnxInvert.BackendRoundTrip.Suite;
using Xunit.Abstractions;

namespace OnnxInvert.Conformance.Tests.Suite;

public sealed class BackendSuiteTests : IClassFixture<SuiteFixture>
{
    private const int MinimumPassed = 850;

    private readonly SuiteFixture _fixture;
    private readonly ITestOutputHelper _output;

    public BackendSuiteTests(SuiteFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void WholeSuite_NoCaseFailsWithOurBytesOnly()
    {
        SuiteResult result = _fixture.Result;
        _output.WriteLine(result.Summary);

        IReadOnlyList<CaseResult> regressions = result.InCategory(CaseOutcome.Regression);

        Assert.True(regressions.Count == 0, string.Join('\n', regressions.Select(r => $"{r.Name}: {r.Reason}")));
    }

    [Fact]
    public void WholeSuite_PassesAtLeast850Cases()
    {
        SuiteResult result = _fixture.Result;
        _output.WriteLine(result.Summary);

        Assert.True(result.Passed >= MinimumPassed, $"{result.Passed} passed / {result.Run} run; expected at least {MinimumPassed}");
    }

    [Fact]
    public void WholeSuite_ReportsTheByteIdenticalCount()
    {
        SuiteResult result = _fixture.Result;
        _output.WriteLine($"byte-identical re-serialisations: {result.ByteIdentical} / {result.Run}; schema declares every field: {result.SchemaCovered} / {result.Run}");

        string page = MarkdownReport.Render(result, "test", DateTimeOffset.UnixEpoch);

        Assert.InRange(result.ByteIdentical, 1, result.Run);
        Assert.Contains($"byte-identical re-serialisations: {result.ByteIdentical} / {result.Run}", result.Summary);
        Assert.Contains($"Re-serialisation byte-identical to the original file: **{result.ByteIdentical} / {result.Run}**", page);
    }

    [Fact]
    public void WholeSuite_EveryCaseIsClassifiedWithAReasonUnlessPassed()
    {
        SuiteResult result = _fixture.Result;

        Assert.All(result.Cases, c => Assert.Equal(c.Outcome == CaseOutcome.Passed, c.Reason is null));
        Assert.Equal(result.Run, Enum.GetValues<CaseOutcome>().Sum(result.Count));
    }
}
