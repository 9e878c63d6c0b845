using System.Text.Json;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Imaging;
using OnnxInvert.Onnx.IO;

namespace OnnxInvert.Autodiff.Tests.Objective.Features;

/// <summary>
/// The composed objective (G + input adaptation + feature network + pixel and feature loss) against PyTorch autograd
/// (tools/features/make_feature_reference.py): loss, feature distance and the gradient with respect to z.
/// </summary>
public sealed class TorchFeatureReferenceTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "feature");

    [Theory]
    [InlineData("mse_normalized")]
    [InlineData("cosine")]
    public void Objective_MatchesPyTorchAutograd(string name)
    {
        string folder = Path.Combine(Root, name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var c = json.RootElement;
        float[] Floats(string key) => c.GetProperty(key).EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var range = Floats("range");
        var size = c.GetProperty("size").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var generator = OnnxModelReader.Read(Path.Combine(folder, "generator.onnx"));
        var spec = new ObjectiveSpec
        {
            Latents = ["z"],
            ImageOutput = "image",
            Loss = LossKind.Mse,
            Feature = new FeatureSpec
            {
                Model = OnnxModelReader.Read(Path.Combine(folder, "features.onnx")),
                Layers = c.GetProperty("layers").EnumerateArray().Select(e => new FeatureLayer(e.GetString()!)).ToArray(),
                Distance = c.GetProperty("distance").GetString() == "cosine" ? FeatureDistance.Cosine : FeatureDistance.Mse,
                NormalizeChannels = c.GetProperty("normalize").GetBoolean(),
                Weight = c.GetProperty("weight").GetDouble(),
                Adaptation = new FeatureInputAdaptation { Range = new PixelRange(range[0], range[1]), Mean = Floats("mean"), Std = Floats("std"), Size = (size[0], size[1]) },
            },
        };

        var graph = ObjectiveGraphBuilder.Build(generator, ShapeProbe.Run(generator), spec);
        var target = Read(folder, "target.npy");
        var feeds = new Dictionary<string, HostTensor> { ["z"] = Read(folder, "z.npy"), [graph.Target] = target };
        var extractor = graph.FeatureExtractor!;
        using (var extract = new ModelRunner(extractor.Model))
        {
            var features = extract.Run(new Dictionary<string, HostTensor> { [extractor.Input] = target }, extractor.Outputs);
            for (int i = 0; i < extractor.Outputs.Count; i++)
            {
                feeds[graph.FeatureTargets[i]] = features[extractor.Outputs[i]];
            }
        }

        using var runner = new ModelRunner(graph.Model);
        var result = runner.Run(feeds, [graph.Loss, graph.FeatureDistance!, graph.Gradients[0]]);

        AssertClose("loss", Read(folder, "loss.npy"), result[graph.Loss]);
        AssertClose("distance", Read(folder, "distance.npy"), result[graph.FeatureDistance!]);
        AssertClose("dloss/dz", Read(folder, "grad.npy"), result[graph.Gradients[0]]);
    }

    private static HostTensor Read(string folder, string file)
    {
        var array = NpyFile.Read(Path.Combine(folder, file));
        return HostTensor.Create(Array.ConvertAll(array.ToSingleArray(), v => (double)v), array.Shape.Select(d => (long)d).ToArray());
    }

    /// <summary>|actual − expected| ≤ 1e-4·(|expected| + 1e-2·max|expected|), element-wise.</summary>
    private static void AssertClose(string what, HostTensor expected, HostTensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Data.Length; i++)
        {
            double error = Math.Abs(actual.Data[i] - expected.Data[i]) / (Math.Abs(expected.Data[i]) + (scale * 1e-2));
            Assert.True(error <= 1e-4, $"{what}[{i}]: expected {expected.Data[i]:G7}, got {actual.Data[i]:G7} (relative {error:E2})");
        }
    }
}
