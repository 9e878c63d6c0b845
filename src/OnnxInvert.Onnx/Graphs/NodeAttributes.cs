using System.Text;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Graphs;

/// <summary>Typed reads of a node's attributes with defaults.</summary>
public static class NodeAttributes
{
    /// <summary>The attribute named <paramref name="name"/>, or null.</summary>
    public static AttributeProto? Find(this NodeProto node, string name)
    {
        foreach (var attribute in node.Attribute)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>An INT attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public static long GetInt(this NodeProto node, string name, long fallback) => node.Find(name) is { } a ? a.I : fallback;

    /// <summary>A FLOAT attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public static float GetFloat(this NodeProto node, string name, float fallback) => node.Find(name) is { } a ? a.F : fallback;

    /// <summary>A STRING attribute's value, or <paramref name="fallback"/> when absent.</summary>
    public static string GetString(this NodeProto node, string name, string fallback) =>
        node.Find(name) is { } a ? Encoding.UTF8.GetString(a.S.Span) : fallback;

    /// <summary>An INTS attribute's values, or null when absent.</summary>
    public static long[]? GetInts(this NodeProto node, string name) => node.Find(name) is { } a ? a.Ints.ToArray() : null;

    /// <summary>A FLOATS attribute's values, or null when absent.</summary>
    public static float[]? GetFloats(this NodeProto node, string name) => node.Find(name) is { } a ? a.Floats.ToArray() : null;

    /// <summary>A TENSOR attribute's value, or null when absent.</summary>
    public static TensorProto? GetTensor(this NodeProto node, string name) => node.Find(name)?.T;

    /// <summary>A readable label for messages: "Conv node 'conv1'" (or the first output when the node is unnamed).</summary>
    public static string Describe(this NodeProto node)
    {
        string label = node.HasName && node.Name.Length > 0 ? node.Name : (node.Output.Count > 0 ? $"producing '{node.Output[0]}'" : "(unnamed)");
        string domain = node.HasDomain && node.Domain.Length > 0 && node.Domain != "ai.onnx" ? $"{node.Domain}." : string.Empty;
        return node.HasName && node.Name.Length > 0 ? $"{domain}{node.OpType} node '{label}'" : $"{domain}{node.OpType} node {label}";
    }
}
