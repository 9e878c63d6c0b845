using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Building;

/// <summary>Creates typed graph input/output declarations.</summary>
public static class ValueInfoFactory
{
    /// <summary>
    /// A tensor value. Each dimension is a number (fixed), a string (a symbolic dimension such as "batch") or null
    /// (unknown); a null <paramref name="dims"/> leaves the rank unknown.
    /// </summary>
    public static ValueInfoProto Tensor(string name, DataType type, IEnumerable<object?>? dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (dims is not null)
        {
            var shape = new TensorShapeProto();
            foreach (object? dim in dims)
            {
                var d = new TensorShapeProto.Types.Dimension();
                switch (dim)
                {
                    case null:
                        break;
                    case string symbol:
                        d.DimParam = symbol;
                        break;
                    case IConvertible number:
                        d.DimValue = number.ToInt64(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    default:
                        throw new ArgumentException($"dimension '{dim}' of '{name}' is neither a number nor a symbol", nameof(dims));
                }

                shape.Dim.Add(d);
            }

            tensorType.Shape = shape;
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    /// <summary>A copy of <paramref name="source"/>'s type under a new name.</summary>
    public static ValueInfoProto Renamed(ValueInfoProto source, string name)
    {
        var copy = source.Clone();
        copy.Name = name;
        return copy;
    }
}
