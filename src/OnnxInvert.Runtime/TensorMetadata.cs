using System.Collections.ObjectModel;

namespace OnnxInvert.Runtime;

/// <summary>A session input or output as the model declares it: name, element type and shape.</summary>
public sealed class TensorMetadata
{
    internal TensorMetadata(string name, bool isTensor, TensorElementType elementType, long[] shape, string?[] symbolicDimensions)
    {
        Name = name;
        IsTensor = isTensor;
        ElementType = elementType;
        Shape = Array.AsReadOnly(shape);
        SymbolicDimensions = Array.AsReadOnly(symbolicDimensions);
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>Whether the value is a tensor (sequences, maps and optionals are not; their shape is empty).</summary>
    public bool IsTensor { get; }

    /// <summary>The element type (<see cref="TensorElementType.Undefined"/> when not a tensor).</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The declared dimensions; -1 for a dimension that is dynamic (named or unknown).</summary>
    public ReadOnlyCollection<long> Shape { get; }

    /// <summary>The name of each dimension (e.g. "batch"), or null for a dimension without one.</summary>
    public ReadOnlyCollection<string?> SymbolicDimensions { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Count;

    /// <summary>Whether any dimension is dynamic.</summary>
    public bool HasDynamicDimensions => Shape.Contains(-1);

    /// <summary>For example <c>z: Float [batch,128]</c>.</summary>
    public override string ToString()
    {
        if (!IsTensor)
        {
            return $"{Name}: (not a tensor)";
        }

        var dims = Shape.Select((dim, axis) => dim >= 0 ? dim.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDimensions[axis] ?? "?");
        return $"{Name}: {ElementType} [{string.Join(',', dims)}]";
    }
}
