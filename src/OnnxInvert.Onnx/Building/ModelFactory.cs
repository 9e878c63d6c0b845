using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Building;

/// <summary>Creates new models around a graph.</summary>
public static class ModelFactory
{
    /// <summary>The producer name written into models OnnxInvert creates.</summary>
    public const string ProducerName = "OnnxInvert";

    /// <summary>
    /// A model holding <paramref name="graph"/> that imports the default-domain opset <paramref name="opset"/>.
    /// The IR version is the lowest that the opset requires (IR 7 for opset 12–14, 8 for 15–18, 9 for 19–20, 10 above).
    /// </summary>
    public static ModelProto Create(GraphProto graph, long opset, IEnumerable<OperatorSetIdProto>? extraOpsets = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var model = new ModelProto
        {
            IrVersion = IrVersionFor(opset),
            ProducerName = ProducerName,
            ProducerVersion = typeof(ModelFactory).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        if (extraOpsets is not null)
        {
            model.OpsetImport.AddRange(extraOpsets.Where(o => o.Domain.Length > 0).Select(o => o.Clone()));
        }

        return model;
    }

    /// <summary>The lowest IR version that can carry the given default-domain opset.</summary>
    public static long IrVersionFor(long opset) => opset switch
    {
        <= 8 => 3,
        <= 9 => 4,
        <= 10 => 5,
        <= 11 => 6,
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };
}
