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

    /// <summary>
    /// <paramref name="tensor"/> as an ORT value of the input's element type: float64, float32, or (for condition
    /// inputs such as a class label) int64, int32 or bool, the values rounded.
    /// </summary>
    private static OrtValue Create(string name, DataType type, HostTensor tensor) => type switch
    {
        DataType.Double => OrtValue.CreateTensor<double>(tensor.Data.ToArray(), tensor.Shape),
        DataType.Float => OrtValue.CreateTensor<float>(Array.ConvertAll(tensor.Data, v => (float)v), tensor.Shape),
        DataType.Int64 => OrtValue.CreateTensor<long>(Array.ConvertAll(tensor.Data, v => (long)Math.Round(v)), tensor.Shape),
        DataType.Int32 => OrtValue.CreateTensor<int>(Array.ConvertAll(tensor.Data, v => (int)Math.Round(v)), tensor.Shape),
        DataType.Bool => OrtValue.CreateTensor<bool>(Array.ConvertAll(tensor.Data, v => v != 0), tensor.Shape),
        _ => throw new NotSupportedException($"input '{name}' has element type {type}; only float, double, int64, int32 and bool inputs can be fed"),
    };

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
                var value = Create(name, type, tensor);
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
