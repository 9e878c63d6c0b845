using OnnxInvert.Imaging;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Tests.Torch;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tests.Objective;

public sealed class ObjectiveGraphBuilderTests
{
    public static TheoryData<LossKind, LossReduction, bool> Variants => new()
    {
        { LossKind.Bce, LossReduction.Mean, false },
        { LossKind.Bce, LossReduction.Sum, true },
        { LossKind.Mse, LossReduction.Mean, true },
        { LossKind.Mse, LossReduction.Sum, false },
        { LossKind.L1, LossReduction.Mean, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Build_LossOutput_MatchesDirectComputation(LossKind loss, LossReduction reduction, bool weights)
    {
        var (graph, feeds, range) = Setup("mnist_table1", loss, reduction, weights);
        using var runner = new ModelRunner(graph.Model);

        var result = runner.Run(feeds, [graph.Loss, graph.Image!]);

        var y = result[graph.Image!];
        var t = feeds[graph.Target];
        int batch = (int)y.Shape[0];
        int pixels = y.Data.Length / batch;
        for (int b = 0; b < batch; b++)
        {
            double expected = 0;
            for (int i = b * pixels; i < (b + 1) * pixels; i++)
            {
                double w = weights ? feeds[graph.Weight!].Data[i] : 1;
                double p = (y.Data[i] - range.Low) / (range.High - range.Low);
                double q = (t.Data[i] - range.Low) / (range.High - range.Low);
                expected += w * loss switch
                {
                    LossKind.Mse => Math.Pow(y.Data[i] - t.Data[i], 2),
                    LossKind.L1 => Math.Abs(y.Data[i] - t.Data[i]),
                    _ => -((q * Math.Max(Math.Log(p), -100)) + ((1 - q) * Math.Max(Math.Log(1 - p), -100))),
                };
            }

            expected /= reduction == LossReduction.Mean ? pixels : 1;
            Assert.Equal(expected, result[graph.Loss].Data[b], expected * 1e-4 + 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Build_Gradient_MatchesFiniteDifferencesOfSummedLoss(LossKind loss, LossReduction reduction, bool weights)
    {
        // A float64 generator (every op has float64 kernels) so the central difference is exact to ~1e-9.
        var op = new OpModel(17).Latent("z", 4).Random("w", [4, 12]).Random("b", [12]).Ints("shape", [-1, 3, 2, 2], 4)
            .Node("MatMul", ["z", "w"], "h").Node("Add", ["h", "b"], "a").Node("Tanh", ["a"], "t").Node("Reshape", ["t", "shape"], "r")
            .Node("Sigmoid", ["r"], "image");
        var model = PrecisionConverter.ToDouble(op.Build());
        var graph = ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new ObjectiveSpec
        {
            Latents = ["z"], ImageOutput = "image", Loss = loss, Reduction = reduction, PixelWeights = weights,
        });
        var random = new Random(3);
        var z = HostTensor.Create(Enumerable.Range(0, 12).Select(_ => random.NextDouble() - 0.5).ToArray(), 3, 4);
        var feeds = new Dictionary<string, HostTensor>
        {
            ["z"] = z,
            [graph.Target] = HostTensor.Create(Enumerable.Range(0, 36).Select(_ => random.NextDouble()).ToArray(), 3, 3, 2, 2),
        };
        if (weights)
        {
            feeds[graph.Weight!] = HostTensor.Create(Enumerable.Range(0, 36).Select(_ => random.NextDouble()).ToArray(), 3, 3, 2, 2);
        }

        using var runner = new ModelRunner(graph.Model);
        var u = HostTensor.Create(z.Data.Select(_ => random.NextDouble() - 0.5).ToArray(), z.Shape);

        var gradient = runner.Run(feeds, [graph.Gradients[0]])[graph.Gradients[0]];
        double Total(HostTensor at) => runner.Run(new Dictionary<string, HostTensor>(feeds) { ["z"] = at }, [graph.Loss])[graph.Loss].Data.Sum();
        const double h = 1e-5;
        double numeric = (Total(z.Step(u, h)) - Total(z.Step(u, -h))) / (2 * h);
        double analytic = gradient.Dot(u);

        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(Math.Abs(analytic), 1e-3), $"analytic {analytic}, numeric {numeric}");
    }

    [Fact]
    public void Build_WithoutImage_HasLossAndGradientOutputsOnly()
    {
        var model = OnnxModelReader.Read(TorchReferenceCase.Load("dcgan").ModelPath);

        var graph = ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new ObjectiveSpec { Latents = ["z"], ImageOutput = "image", IncludeImage = false });

        Assert.Equal([graph.Loss, "z_grad"], graph.Model.Graph.Output.Select(o => o.Name));
        Assert.Null(graph.Image);
        Assert.Equal(["z", graph.Target], graph.Model.Graph.Input.Select(i => i.Name).Where(n => !graph.Model.Graph.Initializer.Any(t => t.Name == n)));
    }

    [Fact]
    public void Build_BceOnSaturatedPixels_StaysFinite()
    {
        var (graph, feeds, _) = Setup("mnist_table1", LossKind.Bce, LossReduction.Mean, weights: false);
        using var runner = new ModelRunner(graph.Model);
        var image = runner.Run(feeds, [graph.Image!])[graph.Image!];
        // Targets at exactly 0 and 1 where the output is far from them.
        feeds[graph.Target] = image with { Data = image.Data.Select(v => v > 0.5 ? 0.0 : 1.0).ToArray() };

        var result = runner.Run(feeds, [graph.Loss, graph.Gradients[0]]);

        Assert.All(result[graph.Loss].Data, v => Assert.True(double.IsFinite(v)));
        Assert.All(result[graph.Gradients[0]].Data, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData(LossKind.Bce)]
    [InlineData(LossKind.Mse)]
    public void Build_TanhChain_EveryInitializerIsUsed(LossKind loss)
    {
        // ONNX Runtime warns about (and drops) an initializer no node reads: a rule's constant made but never used.
        var model = ChainModels.Create(10);

        var graph = ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new ObjectiveSpec { Latents = [ChainModels.Latent], ImageOutput = ChainModels.Image, OutputRange = PixelRange.MinusOneToOne, Loss = loss });

        var read = graph.Model.Graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        Assert.All(graph.Model.Graph.Initializer, t => Assert.Contains(t.Name, read));
    }

    private static (ObjectiveGraph Graph, Dictionary<string, HostTensor> Feeds, PixelRange Range) Setup(string name, LossKind loss, LossReduction reduction, bool weights)
    {
        var reference = TorchReferenceCase.Load(name);
        ModelProto model = OnnxModelReader.Read(reference.ModelPath);
        var range = name == "dcgan" ? PixelRange.MinusOneToOne : PixelRange.ZeroToOne;
        var graph = ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new ObjectiveSpec
        {
            Latents = ["z"],
            ImageOutput = "image",
            Loss = loss,
            Reduction = reduction,
            PixelWeights = weights,
            OutputRange = range,
        });
        var z = reference.Read("z.npy");
        var y = reference.Read("y.npy");
        var random = new Random(11);
        var target = y with { Data = y.Data.Select(v => Math.Clamp(v + (0.3 * (random.NextDouble() - 0.5)), range.Low + 0.01, range.High - 0.01)).ToArray() };
        var feeds = new Dictionary<string, HostTensor> { ["z"] = z, [graph.Target] = target };
        if (weights)
        {
            feeds[graph.Weight!] = y with { Data = y.Data.Select(_ => random.NextDouble()).ToArray() };
        }

        return (graph, feeds, range);
    }
}
