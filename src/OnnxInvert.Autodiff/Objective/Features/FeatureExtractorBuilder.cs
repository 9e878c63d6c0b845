using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>Makes the target-feature model from a graft: the same adaptation and network, plus the normalisation the objective expects of targets.</summary>
internal static class FeatureExtractorBuilder
{
    public static FeatureExtractor Build(FeatureGraph graft, FeatureSpec spec)
    {
        var model = graft.Model.Clone();
        var graph = model.Graph;
        graph.Output.Clear();
        var builder = new GraphBuilder(graph, model.OpsetVersion() ?? throw new GradientBuildException("the feature graph imports no opset"));
        var emitter = new Emitter(builder, graft.Prefix + "norm/");
        var outputs = new List<string>();
        var shapes = new List<long[]>();
        foreach (var layer in graft.Layers)
        {
            var info = graft.Shapes[layer.Raw];
            string value = FeatureLossEmitter.NormalizesTargets(spec)
                ? FeatureLossEmitter.Normalize(emitter, layer.Raw, info.ElementType).Normalized
                : layer.Raw;
            string name = builder.UniqueName(layer.Output);
            graph.Node.Add(new NodeProto { OpType = "Identity", Name = builder.UniqueName(name + "_node"), Input = { value }, Output = { name } });
            graph.Output.Add(ValueInfoFactory.Tensor(name, info.ElementType, info.Dims.Select((d, i) => i == 0 ? (object)"batch" : d)));
            outputs.Add(name);
            shapes.Add(info.Dims.Skip(1).ToArray());
        }

        return new FeatureExtractor { Model = model, Input = graph.Input[0].Name, Outputs = outputs, OutputShapes = shapes };
    }
}
