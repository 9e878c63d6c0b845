using Google.Protobuf;
using OnnxInvert.Onnx.Proto;
using AttributeType = OnnxInvert.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace OnnxInvert.Onnx.Building;

/// <summary>Factory for typed node attributes.</summary>
public static class Attr
{
    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    /// <summary>A STRING attribute (UTF-8).</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A FLOATS attribute.</summary>
    public static AttributeProto Floats(string name, params IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    /// <summary>A TENSOR attribute (as used by Constant and ConstantOfShape).</summary>
    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeType.Tensor, T = value };
}
