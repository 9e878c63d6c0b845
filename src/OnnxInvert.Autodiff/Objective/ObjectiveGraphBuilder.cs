using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Autodiff.Tuning;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective;

/// <summary>Builds the fused objective graph: generator, loss against a target, and the latents' gradients in one model.</summary>
public static class ObjectiveGraphBuilder
{
    /// <summary>Builds the objective of <paramref name="model"/> (not modified) per <paramref name="spec"/>.</summary>
    /// <param name="model">The generator.</param>
    /// <param name="shapes">Its probed shapes (<see cref="ShapeProbe.Run"/>).</param>
    /// <param name="spec">What the objective computes.</param>
    /// <param name="progress">Optional: receives one line per build phase and, on long graphs, every few thousand nodes.</param>
    /// <exception cref="GradientBuildException">An op on the path cannot be differentiated or the image shape is unusable.</exception>
    public static ObjectiveGraph Build(ModelProto model, ShapeTable shapes, ObjectiveSpec spec, Action<string>? progress = null)
    {
        var notes = BuildProgress.From(progress);
        notes?.Report($"objective graph: copying {model.Graph.Node.Count:N0} forward nodes");
        var (objective, builder) = ForwardCopy.Create(model, new GradientSpec(spec.Latents, [spec.ImageOutput]));
        var graph = objective.Graph;
        var image = graph.Output.Single(o => o.Name == spec.ImageOutput);
        var imageInfo = shapes[spec.ImageOutput];
        if (imageInfo.Rank < 1 || imageInfo.BatchDependent.Skip(1).Any(b => b))
        {
            throw new GradientBuildException($"output '{spec.ImageOutput}' ({imageInfo}) must have the batch as its only batch-dependent (leading) dimension");
        }

        string target = builder.UniqueName("target");
        builder.Graph.Input.Add(ValueInfoFactory.Renamed(image, target));
        string? weight = null;
        if (spec.PixelWeights)
        {
            weight = builder.UniqueName("weight");
            builder.Graph.Input.Add(ValueInfoFactory.Renamed(image, weight));
        }

        var emitter = new Emitter(builder, "objective/");
        var (perSample, imageGrad) = new LossEmitter(emitter, imageInfo, spec).Emit(spec.ImageOutput, target, weight);
        string loss = builder.UniqueName("loss");
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = builder.UniqueName("loss_node"), Input = { perSample }, Output = { loss } });

        var gradients = new BackwardPass(model.Graph, emitter, shapes, RuleRegistry.Default, notes)
            .Run(TopologicalOrder.Sort(model.Graph), spec.Latents, new Dictionary<string, string> { [spec.ImageOutput] = imageGrad });

        var batchDim = image.Type.TensorType.Shape?.Dim.FirstOrDefault()?.Clone();
        var lossInfo = ValueInfoFactory.Tensor(loss, imageInfo.ElementType, [batchDim is { HasDimValue: true } ? batchDim.DimValue : batchDim?.DimParam is { Length: > 0 } p ? p : "batch"]);
        if (!spec.IncludeImage)
        {
            graph.Output.Remove(image);
        }

        graph.Output.Insert(0, lossInfo);
        LatentGradients.AddOutputs(objective, emitter, shapes, new GradientSpec(spec.Latents, [spec.ImageOutput]), gradients);
        NarrowConvRewrite.Apply(objective);
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
        };
    }
}
