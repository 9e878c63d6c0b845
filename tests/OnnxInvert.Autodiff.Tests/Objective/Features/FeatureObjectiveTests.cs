using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Tests.Objective.Features;

public sealed class FeatureObjectiveTests
{
    private static readonly FeatureInputAdaptation Adaptation = new() { Range = new PixelRange(-1f, 1f), Mean = [0.1f, 0.0f, -0.1f], Std = [0.9f, 1.1f, 1.0f] };

    public static TheoryData<FeatureDistance, bool, bool> Variants => new()
    {
        { FeatureDistance.Mse, true, false },
        { FeatureDistance.Mse, false, false },
        { FeatureDistance.Mse, true, true },
        { FeatureDistance.L1, true, false },
        { FeatureDistance.L1, false, true },
        { FeatureDistance.Cosine, false, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Gradient_MatchesFiniteDifferencesOfTotalLoss(FeatureDistance distance, bool normalize, bool channelWeights)
    {
        var setup = Setup(distance, normalize, channelWeights);
        using var runner = new ModelRunner(setup.Graph.Model);
        var random = new Random(5);
        var z = setup.Feeds["z"];
        var gradient = runner.Run(setup.Feeds, [setup.Graph.Gradients[0]])[setup.Graph.Gradients[0]];
        double Total(HostTensor at) => runner.Run(new Dictionary<string, HostTensor>(setup.Feeds) { ["z"] = at }, [setup.Graph.Loss])[setup.Graph.Loss].Data.Sum();

        for (int direction = 0; direction < 3; direction++)
        {
            var u = HostTensor.Create(z.Data.Select(_ => random.NextDouble() - 0.5).ToArray(), z.Shape);
            // |f̂ − t| has a kink at every element where G's and the target's features cross, and the central difference
            // straddles some of them (seen: 0.3% to 3% off at h from 3e-4 to 1e-2, with no trend in h), so L1 gets a looser
            // bound; it still catches a wrong factor, sign or normalisation term.
            double h = distance == FeatureDistance.L1 ? 1e-3 : 1e-2;
            double tolerance = distance == FeatureDistance.L1 ? 3e-2 : 1e-3;
            double numeric = (Total(z.Step(u, h)) - Total(z.Step(u, -h))) / (2 * h);
            double analytic = gradient.Dot(u);

            // float32 graph (ORT has no float64 Conv or Resize kernels): h = 1e-2 keeps the rounding of the summed loss
            // (~0.4 · 6e-8 / h) near 1e-4 of the directional derivative; the truncation error of a smooth loss is smaller.
            Assert.True(Math.Abs(numeric - analytic) <= tolerance * Math.Max(Math.Abs(analytic), 1e-2), $"{distance}: analytic {analytic}, numeric {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Loss_IsPixelLossPlusWeightedDistanceOfExtractedFeatures(FeatureDistance distance, bool normalize, bool channelWeights)
    {
        var setup = Setup(distance, normalize, channelWeights);
        var graph = setup.Graph;
        using var runner = new ModelRunner(graph.Model);
        var result = runner.Run(setup.Feeds, [graph.Loss, graph.FeatureDistance!, graph.Image!]);
        var extractor = graph.FeatureExtractor!;
        using var extract = new ModelRunner(extractor.Model);
        var own = extract.Run(new Dictionary<string, HostTensor> { [extractor.Input] = result[graph.Image!] }, extractor.Outputs);
        var image = result[graph.Image!];
        var target = setup.Feeds[graph.Target];
        int batch = (int)image.Shape[0];
        for (int b = 0; b < batch; b++)
        {
            double expected = 0;
            for (int layer = 0; layer < extractor.Outputs.Count; layer++)
            {
                var weights = channelWeights ? setup.Weights[layer] : null;
                expected += Distance(distance, own[extractor.Outputs[layer]], setup.Feeds[graph.FeatureTargets[layer]], b, weights);
            }

            int pixels = image.Data.Length / batch;
            double mse = Enumerable.Range(b * pixels, pixels).Average(i => Math.Pow(image.Data[i] - target.Data[i], 2));
            Assert.Equal(expected, result[graph.FeatureDistance!].Data[b], (expected * 1e-4) + 1e-6);
            Assert.Equal(mse + (setup.Weight * expected), result[graph.Loss].Data[b], ((mse + expected) * 1e-4) + 1e-6);
        }

        Assert.True(result[graph.FeatureDistance!].Data.All(v => v > 1e-4), "targets differ from G(z), so every distance is positive");
    }

    [Fact]
    public void Graft_RenamesEveryFeatureName_AndDropsUnusedHead()
    {
        var setup = Setup(FeatureDistance.Mse, true, false);
        var graph = setup.Graph.Model.Graph;
        var generatorNames = FeatureTestModels.Generator().Graph.Initializer.Select(t => t.Name).ToHashSet();

        Assert.Equal(generatorNames.Count, graph.Initializer.Count(t => generatorNames.Contains(t.Name)));
        Assert.Contains(graph.Initializer, t => t.Name == "feature/w");
        Assert.DoesNotContain(graph.Node, n => n.OpType == "ReduceMean" && n.Name.StartsWith("feature/", StringComparison.Ordinal));
        Assert.Equal(["feat1", "feat2"], setup.Graph.FeatureExtractor!.Outputs);
        Assert.Equal([[4L, 8, 8], [5L, 4, 4]], setup.Graph.FeatureExtractor.OutputShapes);
    }

    [Fact]
    public void Build_PrefixClash_ChoosesAnotherPrefix()
    {
        var generator = FeatureTestModels.Generator();
        generator.Graph.Node[0].Name = "feature/taken";
        var spec = Spec(generator, FeatureDistance.Mse, true, null);

        var graph = ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec);

        Assert.Contains(graph.Model.Graph.Initializer, t => t.Name == "feature1/w");
    }

    [Fact]
    public void Build_ChannelWeightsFromConstantOutput_AreUsed()
    {
        var f = FeatureTestModels.FeatureNetwork();
        f.Graph.Initializer.Add(TensorFactory.Float("lin2", [0.5f, 1, 2, 0, 3], 5));
        f.Graph.Node.Add(new NodeProto { OpType = "Identity", Name = "lin2_id", Input = { "lin2" }, Output = { "lin2_out" } });
        var generator = FeatureTestModels.Generator();
        var viaOutput = Spec(generator, FeatureDistance.Mse, true, null) with { };
        viaOutput = viaOutput with { Feature = viaOutput.Feature! with { Model = f, Layers = [new FeatureLayer("feat2") { ChannelWeightsOutput = "lin2_out" }] } };
        var viaVector = viaOutput with { Feature = viaOutput.Feature! with { Layers = [new FeatureLayer("feat2") { ChannelWeights = [0.5f, 1, 2, 0, 3] }] } };
        var shapes = ShapeProbe.Run(generator);

        var a = Distances(ObjectiveGraphBuilder.Build(generator, shapes, viaOutput));
        var b = Distances(ObjectiveGraphBuilder.Build(generator, shapes, viaVector));

        Assert.Equal(b, a);
    }

    [Fact]
    public void Build_UnknownLayer_NamesTheOutputs()
    {
        var generator = FeatureTestModels.Generator();
        var spec = Spec(generator, FeatureDistance.Mse, true, null);
        spec = spec with { Feature = spec.Feature! with { Layers = [new FeatureLayer("conv9")] } };

        var ex = Assert.Throws<GradientBuildException>(() => ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec));

        Assert.Contains("'conv9'", ex.Message);
        Assert.Contains("feat1, feat2, logit", ex.Message);
    }

    [Fact]
    public void Build_OpsetMismatch_SaysWhichOpsets()
    {
        var generator = FeatureTestModels.Generator();
        var spec = Spec(generator, FeatureDistance.Mse, true, null);
        var f = spec.Feature!.Model.Clone();
        f.OpsetImport[0].Version = 13;

        var ex = Assert.Throws<GradientBuildException>(() => ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec with { Feature = spec.Feature with { Model = f } }));

        Assert.Contains("opset 13", ex.Message);
        Assert.Contains("opset 17", ex.Message);
    }

    [Fact]
    public void Build_ChannelsWithoutMapping_Fail()
    {
        var generator = FeatureTestModels.Generator();
        var spec = Spec(generator, FeatureDistance.Mse, true, null);
        var f = spec.Feature!.Model.Clone();
        f.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 2;

        var ex = Assert.Throws<GradientBuildException>(() => ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec with { Feature = spec.Feature with { Model = f } }));

        Assert.Contains("takes 2 channels", ex.Message);
    }

    [Fact]
    public void Build_CosineWithChannelWeights_Fails()
    {
        var generator = FeatureTestModels.Generator();
        var spec = Spec(generator, FeatureDistance.Cosine, false, [[1, 1, 1, 1], [1, 1, 1, 1, 1]]);

        var ex = Assert.Throws<GradientBuildException>(() => ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec));

        Assert.Contains("cosine", ex.Message);
    }

    private static double[] Distances(ObjectiveGraph graph)
    {
        var random = new Random(8);
        var feeds = Feeds(graph, random);
        using var runner = new ModelRunner(graph.Model);
        return runner.Run(feeds, [graph.FeatureDistance!])[graph.FeatureDistance!].Data;
    }

    private static double Distance(FeatureDistance kind, HostTensor own, HostTensor target, int b, float[]? weights)
    {
        long c = own.Shape[1];
        long positions = own.Data.Length / own.Shape[0] / c;
        long offset = b * c * positions;
        double total = 0;
        for (long p = 0; p < positions; p++)
        {
            double dot = 0, na = 0, nb = 0, sum = 0;
            for (long k = 0; k < c; k++)
            {
                double x = own.Data[offset + (k * positions) + p];
                double y = target.Data[offset + (k * positions) + p];
                double w = weights is null ? 1.0 / c : weights[k];
                dot += x * y;
                na += x * x;
                nb += y * y;
                sum += kind == FeatureDistance.L1 ? w * Math.Abs(x - y) : w * (x - y) * (x - y);
            }

            total += kind == FeatureDistance.Cosine ? 1 - (dot / (Math.Max(Math.Sqrt(na), 1e-10) * Math.Max(Math.Sqrt(nb), 1e-10))) : sum;
        }

        return total / positions;
    }

    private sealed record Case(ObjectiveGraph Graph, Dictionary<string, HostTensor> Feeds, double Weight, float[][] Weights);

    private static readonly float[][] LayerWeights = [[0.1f, 0.4f, 0.2f, 0.3f], [0.5f, 0.1f, 0.1f, 0.2f, 0.6f]];

    private static Case Setup(FeatureDistance distance, bool normalize, bool channelWeights)
    {
        var generator = FeatureTestModels.Generator();
        var spec = Spec(generator, distance, normalize, channelWeights ? LayerWeights : null);
        var graph = ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec);
        var feeds = Feeds(graph, new Random(3));
        return new Case(graph, feeds, spec.Feature!.Weight, LayerWeights);
    }

    private static ObjectiveSpec Spec(ModelProto generator, FeatureDistance distance, bool normalize, float[][]? weights) => new()
    {
        Latents = ["z"],
        ImageOutput = "image",
        Loss = LossKind.Mse,
        Feature = new FeatureSpec
        {
            Model = FeatureTestModels.FeatureNetwork(),
            Layers = weights is null ? [] : [new FeatureLayer("feat1") { ChannelWeights = weights[0] }, new FeatureLayer("feat2") { ChannelWeights = weights[1] }],
            Distance = distance,
            NormalizeChannels = normalize,
            Weight = 0.7,
            Adaptation = Adaptation,
        },
    };

    /// <summary>z, a target image, and the target's features made by the graph's own extractor (the engine's path).</summary>
    private static Dictionary<string, HostTensor> Feeds(ObjectiveGraph graph, Random random)
    {
        var z = HostTensor.Create(Enumerable.Range(0, 12).Select(_ => random.NextDouble() - 0.5).ToArray(), 3, 4);
        var target = HostTensor.Create(Enumerable.Range(0, 3 * 36).Select(_ => random.NextDouble()).ToArray(), 3, 1, 6, 6);
        var feeds = new Dictionary<string, HostTensor> { ["z"] = z, [graph.Target] = target };
        var extractor = graph.FeatureExtractor!;
        using var extract = new ModelRunner(extractor.Model);
        var features = extract.Run(new Dictionary<string, HostTensor> { [extractor.Input] = target }, extractor.Outputs);
        for (int i = 0; i < extractor.Outputs.Count; i++)
        {
            feeds[graph.FeatureTargets[i]] = features[extractor.Outputs[i]];
        }

        return feeds;
    }
}
