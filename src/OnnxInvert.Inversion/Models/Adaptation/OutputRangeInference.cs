using System.Globalization;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Infers an image tensor's value range by walking back through ops that only move or select values (Transpose,
/// Reshape, Slice, Concat, Identity, Flatten, Squeeze, Unsqueeze, ...) and affine maps by scalar constants
/// (x·127.5 + 127.5, (x + 1) / 2) to the last bounded activation (Sigmoid, Tanh, Clip, HardSigmoid, Softsign, Softmax).
/// </summary>
public static class OutputRangeInference
{
    private static readonly HashSet<string> LayoutOps = new(StringComparer.Ordinal)
    {
        "Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Slice", "Gather", "GatherElements",
        "DepthToSpace", "SpaceToDepth", "Expand", "Tile", "Dropout", "MaxPool", "AveragePool", "GlobalAveragePool",
        "GlobalMaxPool", "ReduceMean", "ReduceMax", "ReduceMin", "Split",
    };

    /// <summary>The range of <paramref name="tensor"/> in <paramref name="model"/>, or null when it cannot be traced.</summary>
    public static InferredRange? Infer(ModelProto model, string tensor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(tensor);
        var index = new GraphIndex(model.Graph);
        var path = new List<string>();
        var found = Trace(index, tensor, path, depth: 0);
        if (found is not { } range)
        {
            return null;
        }

        string through = path.Count == 0 ? string.Empty : " through " + string.Join(", ", path.AsEnumerable().Reverse());
        return new InferredRange((float)range.Low, (float)range.High, range.Source + through);
    }

    /// <summary>
    /// The range <see cref="Generator"/> uses when neither the options nor the card state one: the inferred range,
    /// else [-1, 1] with a notice naming the image tensor and its last op.
    /// </summary>
    public static PixelRange Guess(ModelProto model, string tensor, Action<string> notice, string path)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (Infer(model, tensor) is { } range)
        {
            return new PixelRange(range.Low, range.High);
        }

        string last = new GraphIndex(model.Graph).Producer(tensor)?.OpType ?? "unknown";
        notice($"{path}: output range not stated and not traced to a bounded activation (image '{tensor}', the last op is {last}); assuming [-1, 1]; state it in the model card (image.range) to be sure");
        return PixelRange.MinusOneToOne;
    }

    private static (double Low, double High, string Source)? Trace(GraphIndex index, string tensor, List<string> path, int depth)
    {
        // Walks back one op at a time; (scale, shift) maps the current tensor's values to the image's.
        double scale = 1, shift = 0;
        for (int steps = 0; steps < 10_000 && depth < 64; steps++)
        {
            var node = index.Producer(tensor);
            if (node is null || node.Domain is not ("" or "ai.onnx"))
            {
                return null;
            }

            (double Low, double High)? bounds = node.OpType switch
            {
                "Sigmoid" or "HardSigmoid" or "Softmax" => (0, 1),
                "Tanh" or "Softsign" => (-1, 1),
                "Clip" => ClipBounds(index, node),
                _ => null,
            };
            if (bounds is { } b)
            {
                return Map(b.Low, b.High, scale, shift, node.Describe());
            }

            if (node.OpType == "Concat" || node.OpType is "Max" or "Min" && node.Input.All(i => index.Constant(i) is null))
            {
                return Union(index, node, path, depth, scale, shift);
            }

            if (LayoutOps.Contains(node.OpType) || node.OpType == "Cast" && IsFloatCast(node))
            {
                path.Add(node.OpType);
                tensor = node.Input[0];
                continue;
            }

            if (node.OpType is "Add" or "Sub" or "Mul" or "Div" && node.Input.Count == 2 && Affine(index, node) is { } step)
            {
                path.Add(node.OpType);
                shift += scale * step.Shift;
                scale *= step.Scale;
                tensor = step.Next;
                continue;
            }

            return null;
        }

        return null;
    }

    private static (double, double, string)? Union(GraphIndex index, NodeProto node, List<string> path, int depth, double scale, double shift)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        string? source = null;
        foreach (string input in node.Input.Where(i => i.Length > 0))
        {
            var part = Trace(index, input, [], depth + 1);
            if (part is not { } p)
            {
                return null;
            }

            low = Math.Min(low, p.Low);
            high = Math.Max(high, p.High);
            source = source is null || source == p.Source ? p.Source : "several activations";
        }

        path.Add(node.OpType);
        return source is null ? null : Map(low, high, scale, shift, source);
    }

    private static (double, double, string) Map(double low, double high, double scale, double shift, string source)
    {
        double a = (scale * low) + shift, b = (scale * high) + shift;
        return (Math.Min(a, b), Math.Max(a, b), source);
    }

    private static (double Low, double High)? ClipBounds(GraphIndex index, NodeProto node)
    {
        if (node.OpType != "Clip")
        {
            return null;
        }

        if (node.Find("min") is not null || node.Find("max") is not null)
        {
            // Opset < 11: bounds are attributes (absent means unbounded).
            var min = node.Find("min");
            var max = node.Find("max");
            return min is null || max is null ? null : (min.F, max.F);
        }

        double? low = node.Input.Count > 1 && node.Input[1].Length > 0 ? Scalar(index, node.Input[1]) : null;
        double? high = node.Input.Count > 2 && node.Input[2].Length > 0 ? Scalar(index, node.Input[2]) : null;
        return low is { } l && high is { } h ? (l, h) : null;
    }

    private static (double Scale, double Shift, string Next)? Affine(GraphIndex index, NodeProto node)
    {
        double? right = Scalar(index, node.Input[1]);
        double? left = Scalar(index, node.Input[0]);
        return node.OpType switch
        {
            "Add" when right is { } c => (1, c, node.Input[0]),
            "Add" when left is { } c => (1, c, node.Input[1]),
            "Sub" when right is { } c => (1, -c, node.Input[0]),
            "Sub" when left is { } c => (-1, c, node.Input[1]),
            "Mul" when right is { } c => (c, 0, node.Input[0]),
            "Mul" when left is { } c => (c, 0, node.Input[1]),
            "Div" when right is { } c && c != 0 => (1 / c, 0, node.Input[0]),
            _ => null,
        };
    }

    /// <summary>The value of a constant holding one number (any rank), or null.</summary>
    private static double? Scalar(GraphIndex index, string name)
    {
        var tensor = index.Constant(name);
        if (tensor is null || TensorProtoReader.ElementCount(tensor) != 1)
        {
            return null;
        }

        try
        {
            return TensorProtoReader.ToDoubles(tensor)[0];
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsFloatCast(NodeProto node) =>
        (TensorProto.Types.DataType)node.GetInt("to", 0) is TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double
            or TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16;

    internal static string Format(InferredRange range) =>
        string.Create(CultureInfo.InvariantCulture, $"[{range.Low}, {range.High}] ({range.Source})");
}
