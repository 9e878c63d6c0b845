using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Observes the element type and shape of every tensor of a forward graph by running it in ONNX Runtime with every
/// intermediate exposed as an output, at two batch sizes: dimensions that differ between the two runs depend on the
/// batch and stay symbolic in emitted graphs; all others are fixed. This needs no shape-inference code of our own and
/// sees exactly the shapes the runtime computes.
/// </summary>
public static class ShapeProbe
{
    /// <summary>The two batch sizes probed; the first is the reference batch recorded in the table.</summary>
    public static readonly (long First, long Second) Batches = (2, 3);

    /// <summary>
    /// Probes <paramref name="model"/>. Symbolic dimensions of inputs other than the leading (batch) one must be fixed
    /// through <paramref name="inputDims"/> (input name to full shape, with -1 for the batch).
    /// </summary>
    public static ShapeTable Run(ModelProto model, IReadOnlyDictionary<string, long[]>? inputDims = null, SessionSettings? settings = null)
    {
        var probe = model.Clone();
        var graph = probe.Graph;
        var declared = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var extra = graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0 && !declared.Contains(o)).Distinct().ToArray();
        foreach (string name in extra)
        {
            graph.Output.Add(new ValueInfoProto { Name = name });
        }

        var names = graph.Output.Select(o => o.Name).ToArray();
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).Select(ValueSignature.From).ToArray();

        settings ??= new SessionSettings { GraphOptimization = GraphOptimizationLevel.Disabled };
        using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(probe), settings);
        var first = Observe(session, inputs, names, Batches.First, inputDims);
        var second = Observe(session, inputs, names, Batches.Second, inputDims);

        var table = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, (type, dims, observed)) in first)
        {
            if (observed is not null && second[name].Values is { } again && observed.SequenceEqual(again))
            {
                values[name] = observed;
            }

            var other = second[name].Dims;
            bool[] batch = other.Length == dims.Length
                ? dims.Select((d, i) => d != other[i]).ToArray()
                : throw new GradientBuildException($"tensor '{name}' changes rank with the batch size ({dims.Length} vs {other.Length})");
            table[name] = new TensorInfo(type, dims, batch);
        }

        foreach (var initializer in model.Graph.Initializer.Where(t => !table.ContainsKey(t.Name)))
        {
            table[initializer.Name] = new TensorInfo((DataType)initializer.DataType, initializer.Dims.ToArray(), new bool[initializer.Dims.Count]);
        }

        return new ShapeTable(table) { ReferenceBatch = Batches.First, ObservedValues = values };
    }

    /// <summary>Tensors with at most this many elements have their values recorded.</summary>
    private const int MaxObservedElements = 64;

    private static Dictionary<string, (DataType Type, long[] Dims, double[]? Values)> Observe(
        OrtSession session, ValueSignature[] inputs, string[] outputNames, long batch, IReadOnlyDictionary<string, long[]>? inputDims)
    {
        var values = new List<OrtValue>();
        try
        {
            var feeds = new List<(string, OrtValue)>();
            var result = new Dictionary<string, (DataType, long[], double[]?)>(StringComparer.Ordinal);
            var random = new Random(1234 + (int)batch);
            foreach (var input in inputs)
            {
                long[] dims = ConcreteDims(input, batch, inputDims);
                var value = ProbeValue(input, dims, random);
                values.Add(value);
                feeds.Add((input.Name, value));
                result[input.Name] = (input.ElementType, dims, null);
            }

            var outputs = session.Run(feeds, outputNames);
            values.AddRange(outputs);
            for (int i = 0; i < outputNames.Length; i++)
            {
                result[outputNames[i]] = ((DataType)(int)outputs[i].ElementType, outputs[i].Shape.ToArray(), SmallValues(outputs[i]));
            }

            return result;
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static double[]? SmallValues(OrtValue value)
    {
        if (value.ElementCount > MaxObservedElements)
        {
            return null;
        }

        return value.ElementType switch
        {
            TensorElementType.Float => Array.ConvertAll(value.GetTensorData<float>().ToArray(), v => (double)v),
            TensorElementType.Double => value.GetTensorData<double>().ToArray(),
            TensorElementType.Int64 => Array.ConvertAll(value.GetTensorData<long>().ToArray(), v => (double)v),
            TensorElementType.Int32 => Array.ConvertAll(value.GetTensorData<int>().ToArray(), v => (double)v),
            _ => null,
        };
    }

    private static long[] ConcreteDims(ValueSignature input, long batch, IReadOnlyDictionary<string, long[]>? inputDims)
    {
        if (inputDims is not null && inputDims.TryGetValue(input.Name, out var given))
        {
            return given.Select(d => d < 0 ? batch : d).ToArray();
        }

        if (input.Dims is null)
        {
            throw new GradientBuildException($"input '{input.Name}' has no declared shape; give its shape explicitly");
        }

        return input.Dims.Select((d, axis) => input.FixedDim(axis) is { } v ? v
            : axis == 0 ? batch
            : throw new GradientBuildException($"input '{input.Name}' has a symbolic dimension '{d}' at axis {axis}; only the leading (batch) dimension may be symbolic — give its shape explicitly"))
            .ToArray();
    }

    private static OrtValue ProbeValue(ValueSignature input, long[] dims, Random random)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        return input.ElementType switch
        {
            DataType.Float => OrtValue.CreateTensor<float>(Enumerable.Range(0, (int)count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(), dims),
            DataType.Double => OrtValue.CreateTensor<double>(Enumerable.Range(0, (int)count).Select(_ => random.NextDouble() - 0.5).ToArray(), dims),
            DataType.Int64 => OrtValue.CreateTensor<long>(new long[count], dims),
            DataType.Int32 => OrtValue.CreateTensor<int>(new int[count], dims),
            _ => throw new GradientBuildException($"input '{input.Name}' has element type {input.ElementType}, which the shape probe cannot feed"),
        };
    }
}
