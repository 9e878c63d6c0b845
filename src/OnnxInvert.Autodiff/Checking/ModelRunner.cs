using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Checking;

/// <summary>Runs a model on host tensors (float32 or float64 inputs, converted from and to float64). For checks, not hot loops.</summary>
public sealed class ModelRunner : IDisposable
{
    private readonly OrtSession _session;
    private readonly Dictionary<string, DataType> _inputTypes;

    /// <summary>Creates a session for <paramref name="model"/>.</summary>
    public ModelRunner(ModelProto model, SessionSettings? settings = null)
    {
        _session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), settings ?? new SessionSettings());
        _inputTypes = model.Graph.Input.ToDictionary(i => i.Name, i => (DataType)i.Type.TensorType.ElemType, StringComparer.Ordinal);
    }

    /// <summary>Runs the model and returns the requested outputs.</summary>
    public IReadOnlyDictionary<string, HostTensor> Run(IReadOnlyDictionary<string, HostTensor> inputs, IReadOnlyList<string> outputs)
    {
        var values = new List<OrtValue>();
        try
        {
            var feeds = new List<(string, OrtValue)>();
            foreach (var (name, tensor) in inputs)
            {
                var type = _inputTypes.TryGetValue(name, out var t) ? t : throw new ArgumentException($"the model has no input '{name}'");
                var value = type == DataType.Double
                    ? OrtValue.CreateTensor<double>(tensor.Data.ToArray(), tensor.Shape)
                    : OrtValue.CreateTensor<float>(Array.ConvertAll(tensor.Data, v => (float)v), tensor.Shape);
                values.Add(value);
                feeds.Add((name, value));
            }

            var results = _session.Run(feeds, outputs);
            values.AddRange(results);
            var map = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
            for (int i = 0; i < outputs.Count; i++)
            {
                var result = results[i];
                double[] data = result.ElementType switch
                {
                    TensorElementType.Double => result.GetTensorData<double>().ToArray(),
                    TensorElementType.Float => Array.ConvertAll(result.GetTensorData<float>().ToArray(), v => (double)v),
                    _ => throw new InvalidOperationException($"output '{outputs[i]}' has element type {result.ElementType}; only float and double are read"),
                };
                map[outputs[i]] = new HostTensor(data, result.Shape.ToArray());
            }

            return map;
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
