using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Runs a model (or a copy with intermediate tensors exposed as outputs) once in ONNX Runtime on host tensors.</summary>
internal sealed class ModelRunner : IDisposable
{
    private readonly OrtSession _session;
    private readonly Dictionary<string, DataType> _inputTypes;

    private ModelRunner(OrtSession session, ModelProto model)
    {
        _session = session;
        _inputTypes = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var input in model.Graph.Input)
        {
            _inputTypes[input.Name] = (DataType)(input.Type?.TensorType?.ElemType ?? 0);
        }
    }

    /// <summary>The declared element type of input <paramref name="name"/>.</summary>
    public DataType InputType(string name) => _inputTypes.TryGetValue(name, out var type) ? type
        : throw new ModelAdaptationException($"the model has no input '{name}'");

    /// <summary>
    /// A session for <paramref name="model"/> with <paramref name="exposed"/> tensors added as outputs. Failures to
    /// load become <see cref="ModelAdaptationException"/> naming <paramref name="what"/>.
    /// </summary>
    public static ModelRunner Open(ModelProto model, IEnumerable<string> exposed, SessionSettings? settings, string what)
    {
        var copy = model.Clone();
        var declared = copy.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in exposed.Where(declared.Add))
        {
            copy.Graph.Output.Add(new OnnxInvert.Onnx.Proto.ValueInfoProto { Name = name });
        }

        try
        {
            return new ModelRunner(OrtSession.FromBytes(OnnxModelWriter.ToBytes(copy), settings ?? new SessionSettings { GraphOptimization = GraphOptimizationLevel.Disabled }), copy);
        }
        catch (OrtException ex)
        {
            throw new ModelAdaptationException($"{what}: ONNX Runtime cannot load it: {ex.Message}", ex);
        }
    }

    /// <summary>Runs on <paramref name="feeds"/> and returns <paramref name="outputs"/> (float outputs with their values).</summary>
    public HostTensor[] Run(IReadOnlyList<HostTensor> feeds, IReadOnlyList<string> outputs, string what)
    {
        var values = new List<OrtValue>();
        try
        {
            var inputs = new List<(string, OrtValue)>();
            foreach (var feed in feeds)
            {
                var value = feed.ToOrtValue();
                values.Add(value);
                inputs.Add((feed.Name, value));
            }

            IReadOnlyList<OrtValue> results;
            try
            {
                results = _session.Run(inputs, outputs.ToArray());
            }
            catch (OrtException ex)
            {
                throw new ModelAdaptationException($"{what}: ONNX Runtime failed to run it on {string.Join(", ", feeds.Select(f => $"'{f.Name}' {f.Describe()}"))}: {ex.Message}", ex);
            }

            values.AddRange(results);
            return outputs.Select((name, i) => HostTensor.FromOrtValue(name, results[i])).ToArray();
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();
}
