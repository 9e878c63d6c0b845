using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Checking;

/// <summary>
/// Rewrites a float32 model to compute in float64 (inputs, outputs, initializers, constants, casts), for gradient checks
/// with little rounding error. Operands that ONNX requires to be float32 (Resize/Upsample scales and roi) stay float32.
/// </summary>
public static class PrecisionConverter
{
    /// <summary>A float64 copy of <paramref name="model"/>.</summary>
    public static ModelProto ToDouble(ModelProto model)
    {
        var copy = model.Clone();
        var graph = copy.Graph;
        var keepFloat = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.OpType == "Resize")
            {
                keepFloat.UnionWith(node.Input.Skip(1).Take(2));
            }
            else if (node.OpType == "Upsample")
            {
                keepFloat.UnionWith(node.Input.Skip(1));
            }
        }

        foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
        {
            if (value.Type?.TensorType is { ElemType: (int)DataType.Float } tensor && !keepFloat.Contains(value.Name))
            {
                tensor.ElemType = (int)DataType.Double;
            }
        }

        for (int i = 0; i < graph.Initializer.Count; i++)
        {
            if (graph.Initializer[i].DataType == (int)DataType.Float && !keepFloat.Contains(graph.Initializer[i].Name))
            {
                graph.Initializer[i] = Widen(graph.Initializer[i]);
            }
        }

        foreach (var node in graph.Node)
        {
            bool keep = node.Output.Any(keepFloat.Contains);
            if (node.OpType is "LayerNormalization" or "GroupNormalization" && !node.Attribute.Any(a => a.Name == "stash_type"))
            {
                // stash_type defaults to float32 for the statistics; make the default explicit so it is widened below.
                node.Attribute.Add(Attr.Int("stash_type", (long)DataType.Float));
            }

            foreach (var attribute in node.Attribute)
            {
                if (attribute.T is { DataType: (int)DataType.Float } && !keep)
                {
                    attribute.T = Widen(attribute.T);
                }

                // Cast targets and normalisation stash types follow the model's precision.
                if (((node.OpType == "Cast" && attribute.Name == "to") || attribute.Name == "stash_type") && attribute.I == (long)DataType.Float && !keep)
                {
                    attribute.I = (long)DataType.Double;
                }

                if (node.OpType == "Constant" && attribute.Name is "value_float" or "value_floats" && !keep)
                {
                    throw new NotSupportedException("Constant value_float(s) cannot be widened; convert it to a tensor constant first");
                }
            }
        }

        return copy;
    }

    private static TensorProto Widen(TensorProto tensor) =>
        TensorFactory.Double(tensor.Name, TensorProtoReader.ToDoubles(tensor), tensor.Dims.ToArray());
}
