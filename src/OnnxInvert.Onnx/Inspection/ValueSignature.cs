using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Inspection;

/// <summary>
/// A graph input or output as declared: its name, element type and shape. Each dimension is a number, a symbol
/// (e.g. "batch") or "?" when unknown; <see cref="Dims"/> is null when even the rank is unknown.
/// </summary>
public sealed record ValueSignature(string Name, DataType ElementType, IReadOnlyList<string>? Dims)
{
    /// <summary>Reads the declaration of a tensor value; non-tensor values get type Undefined.</summary>
    public static ValueSignature From(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return new ValueSignature(value.Name, DataType.Undefined, null);
        }

        IReadOnlyList<string>? dims = tensor.Shape is null
            ? null
            : tensor.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : d.HasDimParam && d.DimParam.Length > 0 ? d.DimParam : "?").ToArray();
        return new ValueSignature(value.Name, (DataType)tensor.ElemType, dims);
    }

    /// <summary>The rank, or null when unknown.</summary>
    public int? Rank => Dims?.Count;

    /// <summary>The fixed size of dimension <paramref name="axis"/>, or null when symbolic, unknown or out of range.</summary>
    public long? FixedDim(int axis) =>
        Dims is not null && axis < Dims.Count && long.TryParse(Dims[axis], System.Globalization.CultureInfo.InvariantCulture, out long v) ? v : null;

    /// <summary>"float [batch,100]".</summary>
    public override string ToString() =>
        $"{ElementTypes.Name(ElementType)} {(Dims is null ? "[?]" : "[" + string.Join(",", Dims) + "]")}";
}
