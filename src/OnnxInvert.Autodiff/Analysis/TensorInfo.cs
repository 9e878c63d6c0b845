using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// The element type and shape of one tensor of the forward graph, as observed by <see cref="ShapeProbe"/>.
/// <see cref="Dims"/> are the sizes at the probe's reference batch; <see cref="BatchDependent"/> marks the dimensions
/// that change with the batch size (those must stay symbolic in emitted graphs).
/// </summary>
public sealed record TensorInfo(DataType ElementType, long[] Dims, bool[] BatchDependent)
{
    /// <summary>The rank.</summary>
    public int Rank => Dims.Length;

    /// <summary>True when no dimension depends on the batch size.</summary>
    public bool IsStatic => !BatchDependent.Any(b => b);

    /// <summary>True for float tensors, the only ones gradients flow through.</summary>
    public bool IsFloat => ElementType is DataType.Float or DataType.Double or DataType.Float16 or DataType.Bfloat16;

    /// <summary>"float [b·4,3,8,8]" (batch-dependent dims marked with b·).</summary>
    public override string ToString() =>
        $"{ElementType} [{string.Join(",", Dims.Select((d, i) => BatchDependent[i] ? $"b·{d}" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
