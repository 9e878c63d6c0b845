using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The managed arrays one objective run reads and writes (every latent and condition input, targets → loss, every
/// latent's gradient, images), sized for the largest batch, and the runtime values over their leading rows for each
/// batch size used (made once per size, so a steady batch allocates nothing per run). A generator that runs at a fixed
/// batch only is run per chunk of that many slots: the storage is rounded up to whole chunks and the rows past the
/// batch in the last chunk are filled with copies of slot 0 before each run, so they are finite and never read back.
/// </summary>
internal sealed class ObjectiveBuffers : IDisposable
{
    private readonly ObjectiveGraph _graph;
    private readonly long[] _imageShape;
    private readonly Dictionary<(int Offset, int Size), Binding> _bindings = [];
    private readonly int? _chunk;

    public ObjectiveBuffers(ObjectiveGraph graph, int capacity, IReadOnlyList<GeneratorLatent> latents, long[] imageShape, IReadOnlyList<GeneratorInput> conditions, float[]? pixelWeights = null, int? chunk = null)
    {
        _graph = graph;
        _imageShape = imageShape;
        _chunk = chunk;
        Capacity = capacity;
        int rows = chunk is { } c ? (capacity + c - 1) / c * c : capacity;
        Latents = [.. latents.Select(l => new LatentBuffer(l, rows))];
        Conditions = [.. conditions.Select(c => ConditionTensor.Create(c, rows))];
        ImageLength = (int)imageShape.Aggregate(1L, (a, d) => a * d);
        Targets = new float[rows * ImageLength];
        Images = new float[rows * ImageLength];
        Losses = new float[rows];
        var extractor = graph.FeatureExtractor;
        FeatureLengths = extractor is null ? [] : [.. extractor.OutputShapes.Select(d => checked((int)d.Aggregate(1L, (a, b) => a * b)))];
        FeatureTargets = [.. FeatureLengths.Select(n => new float[rows * n])];
        if (graph.Weight is not null)
        {
            // The same weights for every slot, written once: a slot's weights never move with its job.
            ArgumentNullException.ThrowIfNull(pixelWeights);
            Weights = new float[rows * ImageLength];
            for (int s = 0; s < rows; s++)
            {
                pixelWeights.CopyTo(Weights.AsSpan(s * ImageLength, ImageLength));
            }
        }
    }

    public int Capacity { get; }

    public int ImageLength { get; }

    /// <summary>Every latent's values and gradients, in the generator's order.</summary>
    public LatentBuffer[] Latents { get; }

    /// <summary>Every fixed input's rows, in the generator's order.</summary>
    public ConditionTensor[] Conditions { get; }

    public float[] Targets { get; }

    public float[] Images { get; }

    public float[] Losses { get; }

    /// <summary>The per-pixel loss weights of every slot, when the objective takes them.</summary>
    public float[]? Weights { get; }

    /// <summary>Values per sample of each target-feature input (empty without a feature term).</summary>
    public int[] FeatureLengths { get; }

    /// <summary>Each target-feature input's rows, one per slot, written by <see cref="FeatureTargetExtractor"/> when a target enters a slot.</summary>
    public float[][] FeatureTargets { get; }

    public Span<float> Target(int slot) => Targets.AsSpan(slot * ImageLength, ImageLength);

    public Span<float> Image(int slot) => Images.AsSpan(slot * ImageLength, ImageLength);

    /// <summary>Runs the objective on the first <paramref name="size"/> slots (per chunk for a fixed-batch generator).</summary>
    public void Run(OrtSession session, int size)
    {
        if (_chunk is not { } chunk)
        {
            RunRows(session, 0, size);
            return;
        }

        int end = (size + chunk - 1) / chunk * chunk;
        for (int s = size; s < end; s++)
        {
            PadSlot(s);
        }

        for (int offset = 0; offset < size; offset += chunk)
        {
            RunRows(session, offset, chunk);
        }
    }

    /// <summary>Copies every per-slot value of slot <paramref name="from"/> to slot <paramref name="to"/>.</summary>
    public void CopySlot(int from, int to)
    {
        foreach (var latent in Latents)
        {
            latent.CopySlot(from, to);
        }

        foreach (var condition in Conditions)
        {
            condition.CopySlot(from, to);
        }

        Target(from).CopyTo(Target(to));
        for (int f = 0; f < FeatureTargets.Length; f++)
        {
            FeatureTargets[f].AsSpan(from * FeatureLengths[f], FeatureLengths[f]).CopyTo(FeatureTargets[f].AsSpan(to * FeatureLengths[f], FeatureLengths[f]));
        }

        Image(from).CopyTo(Image(to));
        Losses[to] = Losses[from];
    }

    private void RunRows(OrtSession session, int offset, int size)
    {
        if (!_bindings.TryGetValue((offset, size), out var binding))
        {
            binding = CreateBinding(offset, size);
            _bindings[(offset, size)] = binding;
        }

        session.Run(binding.Inputs, binding.Outputs);
    }

    /// <summary>Fills padding row <paramref name="slot"/> with slot 0's inputs (finite values; its results are never read).</summary>
    private void PadSlot(int slot)
    {
        foreach (var latent in Latents)
        {
            latent.Value(0).CopyTo(latent.Value(slot));
        }

        foreach (var condition in Conditions)
        {
            condition.CopySlot(0, slot);
        }

        Target(0).CopyTo(Target(slot));
    }

    public void Dispose()
    {
        foreach (var binding in _bindings.Values)
        {
            binding.Dispose();
        }

        _bindings.Clear();
    }

    private Binding CreateBinding(int offset, int size)
    {
        long[] imageDims = [size, .. _imageShape];
        var inputs = new List<(string, OrtValue)>();
        var outputs = new List<(string, OrtValue)>();
        for (int i = 0; i < Latents.Length; i++)
        {
            var latent = Latents[i];
            long[] latentDims = [size, .. latent.Latent.Shape];
            inputs.Add((_graph.Latents[i], OrtValue.CreateTensor<float>(latent.Values.AsMemory(offset * latent.Size, size * latent.Size), latentDims)));
        }

        inputs.Add((_graph.Target, OrtValue.CreateTensor<float>(Targets.AsMemory(offset * ImageLength, size * ImageLength), imageDims)));
        if (_graph.Weight is not null)
        {
            inputs.Add((_graph.Weight, OrtValue.CreateTensor<float>(Weights!.AsMemory(offset * ImageLength, size * ImageLength), imageDims)));
        }

        foreach (var condition in Conditions)
        {
            inputs.Add((condition.Input.Name, condition.CreateValue(offset, size)));
        }

        for (int f = 0; f < FeatureTargets.Length; f++)
        {
            long[] dims = [size, .. _graph.FeatureExtractor!.OutputShapes[f]];
            inputs.Add((_graph.FeatureTargets[f], OrtValue.CreateTensor<float>(FeatureTargets[f].AsMemory(offset * FeatureLengths[f], size * FeatureLengths[f]), dims)));
        }

        outputs.Add((_graph.Loss, OrtValue.CreateTensor<float>(Losses.AsMemory(offset, size), [size])));
        for (int i = 0; i < Latents.Length; i++)
        {
            var latent = Latents[i];
            long[] latentDims = [size, .. latent.Latent.Shape];
            outputs.Add((_graph.Gradients[i], OrtValue.CreateTensor<float>(latent.Gradients.AsMemory(offset * latent.Size, size * latent.Size), latentDims)));
        }

        outputs.Add((_graph.Image!, OrtValue.CreateTensor<float>(Images.AsMemory(offset * ImageLength, size * ImageLength), imageDims)));
        return new Binding([.. inputs], [.. outputs]);
    }

    private sealed record Binding((string, OrtValue)[] Inputs, (string, OrtValue)[] Outputs) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (_, value) in Inputs.Concat(Outputs))
            {
                value.Dispose();
            }
        }
    }
}
