using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Autodiff.Tuning;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective;

/// <summary>
/// Builds the fused objective graph: generator, loss against a target, optionally a feature network applied to G(z)
/// and compared with the target's features, and the latents' gradients, in one model.
/// </summary>
public static class ObjectiveGraphBuilder
{
    /// <summary>Builds the objective of <paramref name="model"/> (not modified) per <paramref name="spec"/>.</summary>
    /// <param name="model">The generator.</param>
    /// <param name="shapes">Its probed shapes (<see cref="ShapeProbe.Run"/>).</param>
    /// <param name="spec">What the objective computes.</param>
    /// <param name="progress">Optional: receives one line per build phase and, on long graphs, every few thousand nodes.</param>
    /// <exception cref="GradientBuildException">An op on the path cannot be differentiated, the image shape is unusable, or the feature network does not fit.</exception>
    public static ObjectiveGraph Build(ModelProto model, ShapeTable shapes, ObjectiveSpec spec, Action<string>? progress = null)
    {
        var notes = BuildProgress.From(progress);
        var imageInfo = shapes.Contains(spec.ImageOutput) ? shapes[spec.ImageOutput] : throw new GradientBuildException($"no shape was observed for the image output '{spec.ImageOutput}'");
        if (imageInfo.Rank < 1 || imageInfo.BatchDependent.Skip(1).Any(b => b))
        {
            throw new GradientBuildException($"output '{spec.ImageOutput}' ({imageInfo}) must have the batch as its only batch-dependent (leading) dimension");
        }

        var forward = model;
        FeatureGraph? features = null;
        if (spec.Feature is { } featureSpec)
        {
            features = FeatureGraph.Build(model, spec.ImageOutput, imageInfo, spec.OutputRange, featureSpec);
            forward = model.Clone();
            features.AppendTo(forward.Graph);
            shapes = shapes.Merged(features.Shapes);
        }

        notes?.Report($"objective graph: copying {forward.Graph.Node.Count:N0} forward nodes");
        var gradientSpec = new GradientSpec(spec.Latents, [spec.ImageOutput]);
        var (objective, builder) = ForwardCopy.Create(forward, gradientSpec);
        var graph = objective.Graph;
        var image = graph.Output.Single(o => o.Name == spec.ImageOutput);
        string target = builder.UniqueName("target");
        builder.Graph.Input.Add(ValueInfoFactory.Renamed(image, target));
        string? weight = null;
        if (spec.PixelWeights)
        {
            weight = builder.UniqueName("weight");
            builder.Graph.Input.Add(ValueInfoFactory.Renamed(image, weight));
        }

        var batchDim = image.Type.TensorType.Shape?.Dim.FirstOrDefault()?.Clone();
        object batch = batchDim is { HasDimValue: true } ? batchDim.DimValue : batchDim?.DimParam is { Length: > 0 } p ? p : "batch";
        var emitter = new Emitter(builder, "objective/");
        var (perSample, imageGrad) = new LossEmitter(emitter, imageInfo, spec).Emit(spec.ImageOutput, target, weight);
        var seeds = new Dictionary<string, string>(StringComparer.Ordinal) { [spec.ImageOutput] = imageGrad };
        var featureTargets = new List<string>();
        string? featureDistance = null;
        if (features is not null && spec.Feature is { } fs)
        {
            var layers = new List<(FeatureLayerPlan, TensorInfo, string)>();
            foreach (var layer in features.Layers)
            {
                var info = shapes[layer.Raw];
                string input = builder.UniqueName("target_" + layer.Output);
                builder.Graph.Input.Add(ValueInfoFactory.Tensor(input, info.ElementType, info.Dims.Select((d, i) => i == 0 ? batch : d)));
                featureTargets.Add(input);
                layers.Add((layer, info, input));
            }

            var (distance, grads) = new FeatureLossEmitter(emitter, fs).Emit(layers);
            for (int i = 0; i < grads.Count; i++)
            {
                seeds[features.Layers[i].Raw] = grads[i];
            }

            featureDistance = builder.UniqueName("feature_distance");
            graph.Node.Add(new NodeProto { OpType = "Identity", Name = builder.UniqueName("feature_distance_node"), Input = { distance }, Output = { featureDistance } });
            perSample = emitter.Add(perSample, emitter.Mul(distance, emitter.Scalar(fs.Weight, imageInfo.ElementType)));
        }

        string loss = builder.UniqueName("loss");
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = builder.UniqueName("loss_node"), Input = { perSample }, Output = { loss } });

        var gradients = new BackwardPass(forward.Graph, emitter, shapes, RuleRegistry.Default, notes)
            .Run(TopologicalOrder.Sort(forward.Graph), spec.Latents, seeds);

        var lossInfo = ValueInfoFactory.Tensor(loss, imageInfo.ElementType, [batch]);
        if (!spec.IncludeImage)
        {
            graph.Output.Remove(image);
        }

        graph.Output.Insert(0, lossInfo);
        if (featureDistance is not null)
        {
            graph.Output.Insert(1, ValueInfoFactory.Tensor(featureDistance, imageInfo.ElementType, [batch]));
        }

        LatentGradients.AddOutputs(objective, emitter, shapes, gradientSpec, gradients);
        NarrowConvRewrite.Apply(objective);
        ReadinessOrder.Apply(objective);
        notes?.Report($"objective graph: {objective.Graph.Node.Count:N0} nodes");
        return new ObjectiveGraph
        {
            Model = objective,
            Latents = spec.Latents,
            Target = target,
            Weight = weight,
            Loss = loss,
            Gradients = spec.Latents.Select(GradientSpec.GradientName).ToArray(),
            Image = spec.IncludeImage ? spec.ImageOutput : null,
            FeatureTargets = featureTargets,
            FeatureDistance = featureDistance,
            FeatureExtractor = features is null || spec.Feature is null ? null : FeatureExtractorBuilder.Build(features, spec.Feature),
        };
    }
}
