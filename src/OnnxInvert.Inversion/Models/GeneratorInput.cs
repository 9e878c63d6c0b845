using System.Globalization;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// A graph input of a generator that is not optimised (a class label, a one-hot vector, a truncation factor): it is
/// held fixed at a value given per input (<see cref="Engine.InversionOptions.Conditions"/>, else <see cref="Default"/>).
/// Axis 0 is the batch unless the input is a scalar (rank 0), which is fed once for the whole batch.
/// </summary>
/// <param name="Name">The graph input's name.</param>
/// <param name="ElementType">Its element type.</param>
/// <param name="Dims">Its declared shape (-1 where symbolic), or null when even the rank is not declared.</param>
/// <param name="Default">The value the model card gives it, if any.</param>
public sealed record GeneratorInput(string Name, TensorElementType ElementType, IReadOnlyList<long>? Dims, ConditionValue? Default)
{
    /// <summary>Whether axis 0 is the batch (every input of rank 1 or more).</summary>
    public bool Batched => Dims is { Count: > 0 };

    /// <summary>"y (Int64 [batch])", for messages.</summary>
    public string Describe() => Dims is null
        ? $"'{Name}' ({ElementType} [?])"
        : $"'{Name}' ({ElementType} [{string.Join(", ", Dims.Select((d, axis) => axis == 0 && d < 0 ? "batch" : d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}])";
}
