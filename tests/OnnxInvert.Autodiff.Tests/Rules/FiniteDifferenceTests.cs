using OnnxInvert.Autodiff.Checking;

namespace OnnxInvert.Autodiff.Tests.Rules;

/// <summary>Every rule and attribute combination against central finite differences (float64 where ORT has the kernels).</summary>
public sealed class FiniteDifferenceTests : IClassFixture<GradientReport>
{
    private readonly GradientReport _report;

    public FiniteDifferenceTests(GradientReport report)
    {
        _report = report;
        _report.FileName = "finite-differences.md";
        _report.Title = "rule case";
    }

    public static TheoryData<string> Cases => new(RuleCases.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vjp_MatchesFiniteDifferences(string name)
    {
        var op = RuleCases.All[name]();
        var model = op.Build();

        var report = GradientChecker.Check(model, op.Spec());

        double tolerance = report.Precision == "float64" ? 1e-6 : 5e-3;
        _report.Record(name, $"finite differences, {report.Precision}", report.MaxRelativeError);
        Assert.True(
            report.MaxRelativeError < tolerance,
            $"{name} ({report.Precision}{(report.PrecisionNote is null ? "" : "; " + report.PrecisionNote)}): " +
            string.Join("; ", report.Latents.Select(l => $"{l.Latent}: rel {l.RelativeError:E2}, analytic {l.Analytic:G6}, numeric {l.Numeric:G6}, h {l.Step:G2}")));
    }
}
