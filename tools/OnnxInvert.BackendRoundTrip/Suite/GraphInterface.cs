using OnnxInvert.BackendRoundTrip.Tensors;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>
/// What a test feeds and reads: the graph inputs that are not initializers (matched to <c>input_N.pb</c> by position,
/// as ONNX's backend runner does) and the graph outputs (matched to <c>output_N.pb</c>).
/// </summary>
internal sealed class GraphInterface
{
    private GraphInterface(IReadOnlyList<ValueInfoProto> inputs, IReadOnlyList<ValueInfoProto> outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The inputs the caller supplies, in declaration order.</summary>
    public IReadOnlyList<ValueInfoProto> Inputs { get; }

    /// <summary>The outputs, in declaration order.</summary>
    public IReadOnlyList<ValueInfoProto> Outputs { get; }

    /// <summary>The interface of <paramref name="model"/>'s main graph.</summary>
    public static GraphInterface Of(ModelProto model)
    {
        var initializers = new HashSet<string>(model.Graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        ValueInfoProto[] inputs = [.. model.Graph.Input.Where(i => !initializers.Contains(i.Name))];
        return new GraphInterface(inputs, [.. model.Graph.Output]);
    }

    /// <summary>
    /// Null when every input and output is a tensor of an element type the binding can feed and read; otherwise
    /// why not, e.g. "input 'x' is seq(tensor(float))".
    /// </summary>
    public string? WhyNotFeedable() =>
        Unsupported(Inputs, "input") ?? Unsupported(Outputs, "output");

    private static string? Unsupported(IEnumerable<ValueInfoProto> values, string role)
    {
        foreach (ValueInfoProto value in values)
        {
            TypeProto? type = value.Type;
            bool feedable = type?.ValueCase == TypeProto.ValueOneofCase.TensorType
                && SupportedElementTypes.Contains(type.TensorType.ElemType);
            if (!feedable)
            {
                return $"{role} '{value.Name}' is {TypeDescriber.Describe(type)}";
            }
        }

        return null;
    }
}
