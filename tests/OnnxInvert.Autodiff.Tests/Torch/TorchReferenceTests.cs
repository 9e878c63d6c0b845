using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Onnx.IO;

namespace OnnxInvert.Autodiff.Tests.Torch;

/// <summary>
/// Our VJP graphs against PyTorch autograd on exported generators (DCGAN, the paper's Table 1 generator with running and
/// with batch statistics, an InstanceNorm/PixelShuffle/bilinear/PReLU/skip network, two latents, Resize variants, and two
/// networks of the ops newer exporters emit: HardSwish/GELU/Mish, and maximum/flip/gather/einsum/amax/norm/logsumexp/cumsum).
/// </summary>
public sealed class TorchReferenceTests : IClassFixture<GradientReport>
{
    private const double Tolerance = 1e-4;

    private readonly GradientReport _report;

    public TorchReferenceTests(GradientReport report)
    {
        _report = report;
        _report.FileName = "pytorch-autograd.md";
        _report.Title = "exported generator";
    }

    public static TheoryData<string> Cases => new(TorchReferenceCase.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vjp_MatchesPyTorchAutograd(string name)
    {
        var reference = TorchReferenceCase.Load(name);
        var model = OnnxModelReader.Read(reference.ModelPath);
        var spec = new GradientSpec(reference.Inputs.Keys.ToArray(), [reference.Output]);
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), spec);
        var feeds = reference.Inputs.ToDictionary(p => p.Key, p => reference.Read(p.Value));
        feeds[GradientSpec.CotangentName(reference.Output)] = reference.Read(reference.Cotangent);

        using var runner = new ModelRunner(vjp);
        var results = runner.Run(feeds, [reference.Output, .. spec.Latents.Select(GradientSpec.GradientName)]);

        double worst = AssertClose($"{name} output", reference.Read(reference.ExpectedOutput), results[reference.Output]);
        foreach (var (latent, file) in reference.ExpectedGrads)
        {
            double error = AssertClose($"{name} d/d{latent}", reference.Read(file), results[GradientSpec.GradientName(latent)]);
            _report.Record($"{name} d/d{latent}", "PyTorch autograd, float32", error);
        }

        _report.Record($"{name} G(z)", "PyTorch forward, float32", worst);
    }

    [Fact]
    public void Fixtures_ArePresent() => Assert.True(TorchReferenceCase.Names.Count() >= 3, $"no PyTorch fixtures under {TorchReferenceCase.Root}");

    /// <summary>Element-wise |actual − expected| ≤ rtol·(|expected| + max|expected|·1e-2): relative, with a floor for near-zero entries.</summary>
    private static double AssertClose(string what, HostTensor expected, HostTensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(Math.Abs);
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            double error = Math.Abs(actual.Data[i] - expected.Data[i]) / (Math.Abs(expected.Data[i]) + (scale * 1e-2));
            if (error > worst)
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(worst <= Tolerance, $"{what}: worst relative error {worst:E2} at {worstIndex} (expected {expected.Data[worstIndex]:G7}, got {actual.Data[worstIndex]:G7})");
        return worst;
    }
}
