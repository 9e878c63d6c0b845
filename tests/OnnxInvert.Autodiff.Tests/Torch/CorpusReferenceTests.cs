using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Autodiff.Tests.Torch;

/// <summary>
/// Our VJP graphs against PyTorch autograd on the corpus of real-world-style exports (onnx-models/corpus/): every case
/// whose latents are graph inputs with fixed non-batch dimensions is built with <see cref="VjpGraphBuilder"/> and
/// compared with its fixture; the others are listed in <see cref="Awaiting"/> with the reason.
/// </summary>
public sealed class CorpusReferenceTests : IClassFixture<GradientReport>
{
    private const double Tolerance = 1e-4;

    /// <summary>
    /// Cases (or "case:cut point") the current front door or builder cannot take yet, with what they need (issue 13).
    /// Not asserted as failures: enable each (remove it here) when that work lands. Each entry's kind is checked
    /// against the case's own case.json, so the table cannot drift from the corpus.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, AwaitingEntry> Awaiting = new Dictionary<string, AwaitingEntry>(StringComparer.Ordinal)
    {
        ["fixed-batch-1"] = new(AwaitingKind.FixedBatch, "exported with batch 1 and no dynamic axes (Reshape constant [1,16,4,4]); ShapeProbe and the builder need a symbolic batch (issue 13 item 5)"),
        ["fully-conv"] = new(AwaitingKind.SymbolicLatentDims, "latent [batch,4,height,width]: needs --latent-shape or a probe from the targets (issue 13 item 6)"),
        ["uint8-tail"] = new(AwaitingKind.ImageNotGraphOutput, "the float image is the intermediate Sigmoid output; the graph outputs are uint8 RGBA and a mean colour: --output on any tensor (issue 13 item 3)"),
        ["new-ops"] = new(AwaitingKind.GradientRules, "no gradient rules yet for these ops, and the Slice rule rejects the negative step torch.flip exports (issue 13 item 8)", ["GatherElements", "HardSwish", "Max", "Min", "ReduceMax", "Slice"]),
        ["stylegan2-like:w"] = new(AwaitingKind.CutPoint, "W is an intermediate tensor (the mapping network's output): --latent on an intermediate tensor, --init mean (issue 13 item 3)"),
    };

    private readonly GradientReport _report;

    public CorpusReferenceTests(GradientReport report)
    {
        _report = report;
        _report.FileName = "pytorch-autograd-corpus.md";
        _report.Title = "corpus export";
    }

    public static TheoryData<string> Cases => new(CorpusCase.Names.Where(n => !Awaiting.ContainsKey(n)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vjp_MatchesPyTorchAutograd(string name)
    {
        var reference = CorpusCase.Load(name);
        var model = OnnxModelReader.Read(reference.ModelPath);
        var spec = new GradientSpec(reference.Latents.Select(l => l.Name).ToArray(), [reference.ImageTensor]);
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), spec);

        var outputs = new[] { reference.ImageTensor }.Concat(spec.Latents.Select(GradientSpec.GradientName)).ToArray();
        var results = Run(reference, vjp, outputs);

        double worst = AssertClose($"{name} image", reference.Read(reference.FixtureImage), results[reference.ImageTensor]);
        foreach (var (latent, file) in reference.FixtureGrads)
        {
            double error = AssertClose($"{name} d/d{latent}", reference.Read(file), results[GradientSpec.GradientName(latent)]);
            _report.Record($"{name} d/d{latent}", "PyTorch autograd, float32", error);
        }

        _report.Record($"{name} image", "PyTorch forward, float32", worst);
    }

    [Fact]
    public void Corpus_IsPresentAndEveryUnlistedCaseIsCheckable()
    {
        var names = CorpusCase.Names.ToArray();
        Assert.True(names.Length >= 12, $"expected the corpus under {CorpusCase.Root}, found {names.Length} cases");
        foreach (string name in names.Where(n => !Awaiting.ContainsKey(n)))
        {
            var reference = CorpusCase.Load(name);
            Assert.True(reference.LatentsHaveFixedNonBatchDims, $"{name}: a latent has symbolic non-batch dims or the batch is fixed: list it in {nameof(Awaiting)} with the reason");
            Assert.True(reference.ImageIsGraphOutput, $"{name}: the image {reference.ImageTensor} is not a graph output: list it in {nameof(Awaiting)} with the reason");
            Assert.Equal(reference.Latents.Select(l => l.Name).Order(StringComparer.Ordinal), reference.FixtureGrads.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Awaiting_EntriesMatchTheirCases()
    {
        foreach (var (entry, awaiting) in Awaiting)
        {
            string[] parts = entry.Split(':');
            var reference = CorpusCase.Load(parts[0]);
            Assert.True(awaiting.Kind == AwaitingKind.CutPoint == (parts.Length == 2), $"{entry}: a cut-point entry is written case:cut");
            bool holds = awaiting.Kind switch
            {
                AwaitingKind.FixedBatch => reference.FixedBatch is not null,
                AwaitingKind.SymbolicLatentDims => reference.Latents.Any(l => l.Dims.Skip(1).Any(d => d is null)),
                AwaitingKind.ImageNotGraphOutput => !reference.ImageIsGraphOutput,
                AwaitingKind.CutPoint => reference.CutPoints.Contains(parts[^1]),
                AwaitingKind.GradientRules => awaiting.Ops.Count > 0 && awaiting.Ops.All(reference.OpHistogram.ContainsKey),
                _ => false,
            };
            Assert.True(holds, $"{entry}: listed as {awaiting.Kind} but its case.json does not show that ({awaiting.Reason})");
        }
    }

    /// <summary>Runs the VJP graph on the fixture (inputs in their declared element types, the cotangent) and reads the float outputs.</summary>
    private static Dictionary<string, HostTensor> Run(CorpusCase reference, Onnx.Proto.ModelProto vjp, string[] outputs)
    {
        var values = new List<OrtValue>();
        try
        {
            var feeds = new List<(string, OrtValue)>();
            foreach (var input in reference.Inputs)
            {
                var value = reference.ReadValue(reference.FixtureInputs[input.Name], input.ElementType);
                values.Add(value);
                feeds.Add((input.Name, value));
            }

            var cotangent = reference.ReadValue(reference.Cotangent, "float");
            values.Add(cotangent);
            feeds.Add((GradientSpec.CotangentName(reference.ImageTensor), cotangent));

            using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(vjp), new SessionSettings());
            var results = session.Run(feeds, outputs);
            values.AddRange(results);
            return outputs.Select((name, i) => (name, results[i])).ToDictionary(
                p => p.name,
                p => new HostTensor(Array.ConvertAll(p.Item2.GetTensorData<float>().ToArray(), v => (double)v), p.Item2.Shape.ToArray()),
                StringComparer.Ordinal);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Element-wise |actual − expected| ≤ rtol·(|expected| + max|expected|·1e-2), as <see cref="TorchReferenceTests"/>.</summary>
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
