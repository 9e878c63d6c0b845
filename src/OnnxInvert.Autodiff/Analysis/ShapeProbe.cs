using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Observes the element type and shape of every tensor of a forward graph by running it in ONNX Runtime with every
/// intermediate exposed as an output (a long graph in pieces, <see cref="SegmentNodes"/>), at two batch sizes:
/// dimensions that differ between the two runs depend on the batch and stay symbolic in emitted graphs; all others are
/// fixed. This needs no shape-inference code of our own and sees exactly the shapes the runtime computes.
/// </summary>
public static class ShapeProbe
{
    /// <summary>The two batch sizes probed; the first is the reference batch recorded in the table.</summary>
    public static readonly (long First, long Second) Batches = (2, 3);

    /// <summary>
    /// Graphs of more nodes than this are probed in pieces of this many nodes (<see cref="ProbeSegments"/>), each its
    /// own session, so the probe's time stays linear in the graph; smaller ones in one session.
    /// </summary>
    public const int SegmentNodes = 2000;

    /// <summary>
    /// Probes <paramref name="model"/>. Symbolic dimensions of inputs other than the leading (batch) one must be fixed
    /// through <paramref name="inputDims"/> (input name to full shape, with -1 for the batch).
    /// </summary>
    public static ShapeTable Run(ModelProto model, IReadOnlyDictionary<string, long[]>? inputDims = null, SessionSettings? settings = null) =>
        RunInPieces(model, inputDims, settings, SegmentNodes, wholeOnFailure: true);

    /// <summary>
    /// <see cref="Run"/> with the piece size given: graphs of more nodes than <paramref name="segmentNodes"/> are probed
    /// in pieces; a piece that fails is probed again whole, or, without <paramref name="wholeOnFailure"/>, throws.
    /// </summary>
    internal static ShapeTable RunInPieces(ModelProto model, IReadOnlyDictionary<string, long[]>? inputDims, SessionSettings? settings, int segmentNodes, bool wholeOnFailure)
    {
        settings ??= new SessionSettings { GraphOptimization = GraphOptimizationLevel.Disabled };
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).Select(ValueSignature.From).ToArray();
        Observation first, second;
        if (model.Graph.Node.Count > segmentNodes && ObserveInPieces(model, inputs, inputDims, settings, segmentNodes, wholeOnFailure) is { } pieces)
        {
            (first, second) = pieces;
        }
        else
        {
            (first, second) = ObserveWhole(model, inputs, inputDims, settings);
        }

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

    /// <summary>What one batch size showed: each tensor's element type, shape and (when small) values.</summary>
    private sealed class Observation : Dictionary<string, (DataType Type, long[] Dims, double[]? Values)>
    {
        public Observation()
            : base(StringComparer.Ordinal)
        {
        }

        public void Record(IReadOnlyList<string> names, IReadOnlyList<OrtValue> outputs)
        {
            for (int i = 0; i < names.Count; i++)
            {
                this[names[i]] = ((DataType)(int)outputs[i].ElementType, outputs[i].Shape.ToArray(), SmallValues(outputs[i]));
            }
        }
    }

    /// <summary>One session over the whole graph with every value an output, run at both batch sizes.</summary>
    private static (Observation, Observation) ObserveWhole(ModelProto model, ValueSignature[] inputs, IReadOnlyDictionary<string, long[]>? inputDims, SessionSettings settings)
    {
        var probe = model.Clone();
        var graph = probe.Graph;
        var declared = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0 && !declared.Contains(o)).Distinct())
        {
            graph.Output.Add(new ValueInfoProto { Name = name });
        }

        string[] names = graph.Output.Select(o => o.Name).ToArray();
        using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(probe), settings);
        return (Observe(session, inputs, names, Batches.First, inputDims), Observe(session, inputs, names, Batches.Second, inputDims));
    }

    private static Observation Observe(OrtSession session, ValueSignature[] inputs, string[] outputNames, long batch, IReadOnlyDictionary<string, long[]>? inputDims)
    {
        var fed = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        IReadOnlyList<OrtValue> outputs = [];
        try
        {
            var result = new Observation();
            Feed(inputs, batch, inputDims, result, fed);
            outputs = session.Run(fed.Select(f => (f.Key, f.Value)).ToList(), outputNames);
            result.Record(outputNames, outputs);
            return result;
        }
        finally
        {
            foreach (var value in fed.Values.Concat(outputs))
            {
                value.Dispose();
            }
        }
    }

    /// <summary>
    /// The graph in <see cref="ProbeSegments"/>, each piece's session run at both batch sizes on what the earlier
    /// pieces produced, each value released once the last piece reading it has run (so only the values crossing a cut
    /// are held); null (the caller probes the whole graph, and reports what the runtime says) when a piece cannot be
    /// built or run on its own.
    /// </summary>
    private static (Observation, Observation)? ObserveInPieces(
        ModelProto model, ValueSignature[] inputs, IReadOnlyDictionary<string, long[]>? inputDims, SessionSettings settings, int segmentNodes, bool wholeOnFailure)
    {
        long[] batches = [Batches.First, Batches.Second];
        var pools = batches.Select(_ => new Dictionary<string, OrtValue>(StringComparer.Ordinal)).ToArray();
        try
        {
            var segments = ProbeSegments.Split(model, segmentNodes);
            var observed = new Observation[batches.Length];
            for (int b = 0; b < batches.Length; b++)
            {
                observed[b] = new Observation();
                Feed(inputs, batches[b], inputDims, observed[b], pools[b]);
            }

            for (int index = 0; index < segments.Count; index++)
            {
                var (piece, pieceInputs, pieceOutputs) = segments.Piece(index, name => observed[0][name].Type);
                using var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(piece), settings);
                for (int b = 0; b < batches.Length; b++)
                {
                    var pool = pools[b];
                    var outputs = session.Run(pieceInputs.Select(name => (name, pool[name])).ToList(), pieceOutputs);
                    for (int i = 0; i < pieceOutputs.Count; i++)
                    {
                        pool[pieceOutputs[i]] = outputs[i];
                    }

                    observed[b].Record(pieceOutputs, outputs);
                    foreach (string done in pool.Keys.Where(name => segments.LastReader(name) <= index).ToArray())
                    {
                        pool.Remove(done, out var value);
                        value!.Dispose();
                    }
                }
            }

            return (observed[0], observed[1]);
        }
        catch (Exception ex) when (wholeOnFailure && ex is OrtException or GradientBuildException or KeyNotFoundException)
        {
            return null;
        }
        finally
        {
            foreach (var value in pools.SelectMany(pool => pool.Values))
            {
                value.Dispose();
            }
        }
    }

    /// <summary>
    /// Probe values for the graph's inputs at <paramref name="batch"/>, recorded in <paramref name="result"/> and added
    /// to <paramref name="into"/> one by one (so its owner disposes every value made, even when a later input fails).
    /// </summary>
    private static void Feed(ValueSignature[] inputs, long batch, IReadOnlyDictionary<string, long[]>? inputDims, Observation result, Dictionary<string, OrtValue> into)
    {
        var random = new Random(1234 + (int)batch);
        foreach (var input in inputs)
        {
            long[] dims = ConcreteDims(input, batch, inputDims);
            into[input.Name] = ProbeValue(input, dims, random);
            result[input.Name] = (input.ElementType, dims, null);
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
