using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Appends the Transpose/Reshape/Unsqueeze nodes that turn an image tensor of any layout into NCHW.</summary>
internal static class LayoutNormalizer
{
    /// <summary>
    /// Makes the NCHW image the graph's only output; returns its name (the tensor's own for NCHW). The graph's output
    /// list must hold the image tensor alone.
    /// </summary>
    public static string Normalize(ModelProto model, string image, ImageLayout layout, long[] shape, object batchDim, List<string> changes)
    {
        var graph = model.Graph;
        long opset = model.OpsetVersion() ?? 13;
        var builder = new GraphBuilder(graph, opset);
        string hint = image.TrimStart('/').Replace('/', '_') + "_nchw";
        string output = layout switch
        {
            ImageLayout.Nchw => image,
            ImageLayout.Nhwc => builder.Node("Transpose", [image], hint, Attr.Ints("perm", 0, 3, 1, 2)),
            ImageLayout.Chw => Unsqueeze(builder, image, hint),
            ImageLayout.Hwc => Unsqueeze(builder, builder.Node("Transpose", [image], hint + "_chw", Attr.Ints("perm", 2, 0, 1)), hint),
            ImageLayout.Flat => builder.Node("Reshape", [image, builder.Int64s(hint + "_shape", -1, shape[0], shape[1], shape[2])], hint),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout"),
        };

        graph.Output.Clear();
        graph.Output.Add(ValueInfoFactory.Tensor(output, DataType.Float, [batchDim, shape[0], shape[1], shape[2]]));
        if (layout != ImageLayout.Nchw)
        {
            changes.Add($"appended {LayoutDetector.Name(layout)} → NCHW nodes: the image is now output '{output}' [{batchDim},{string.Join(",", shape)}]");
        }

        return output;
    }

    private static string Unsqueeze(GraphBuilder builder, string input, string hint) =>
        builder.Opset >= 13
            ? builder.Node("Unsqueeze", [input, builder.Int64s(hint + "_axes", 0)], hint)
            : builder.Node("Unsqueeze", [input], hint, Attr.Ints("axes", 0));
}
