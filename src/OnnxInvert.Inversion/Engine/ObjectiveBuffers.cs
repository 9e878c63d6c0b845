using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The managed arrays one objective run reads and writes (every latent and condition input, targets → loss, every
/// latent's gradient, images), sized for the largest batch, and the runtime values over their leading rows for each
/// batch size used (made once per size, so a steady batch allocates nothing per run).
/// </summary>
internal sealed class ObjectiveBuffers : IDisposable
{
    private readonly ObjectiveGraph _graph;
    private readonly long[] _imageShape;
    private readonly Dictionary<int, Binding> _bindings = [];

    public ObjectiveBuffers(ObjectiveGraph graph, int capacity, IReadOnlyList<GeneratorLatent> latents, long[] imageShape, IReadOnlyList<GeneratorInput> conditions, float[]? pixelWeights = null)
    {
        _graph = graph;
        _imageShape = imageShape;
        Capacity = capacity;
        Latents = [.. latents.Select(l => new LatentBuffer(l, capacity))];
        Conditions = [.. conditions.Select(c => ConditionTensor.Create(c, capacity))];
        ImageLength = (int)imageShape.Aggregate(1L, (a, d) => a * d);
        Targets = new float[capacity * ImageLength];
        Images = new float[capacity * ImageLength];
        Losses = new float[capacity];
        var extractor = graph.FeatureExtractor;
        FeatureLengths = extractor is null ? [] : [.. extractor.OutputShapes.Select(d => checked((int)d.Aggregate(1L, (a, b) => a * b)))];
        FeatureTargets = [.. FeatureLengths.Select(n => new float[capacity * n])];
        if (graph.Weight is not null)
        {
            // The same weights for every slot, written once: a slot's weights never move with its job.
            ArgumentNullException.ThrowIfNull(pixelWeights);
            Weights = new float[capacity * ImageLength];
            for (int s = 0; s < capacity; s++)
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

    /// <summary>Runs the objective on the first <paramref name="size"/> slots.</summary>
    public void Run(OrtSession session, int size)
    {
        if (!_bindings.TryGetValue(size, out var binding))
        {
            binding = CreateBinding(size);
            _bindings[size] = binding;
        }

        session.Run(binding.Inputs, binding.Outputs);
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

    public void Dispose()
    {
        foreach (var binding in _bindings.Values)
        {
            binding.Dispose();
        }

        _bindings.Clear();
    }

    private Binding CreateBinding(int size)
    {
        long[] imageDims = [size, .. _imageShape];
        var inputs = new List<(string, OrtValue)>();
        var outputs = new List<(string, OrtValue)>();
        for (int i = 0; i < Latents.Length; i++)
        {
            var latent = Latents[i];
            long[] latentDims = [size, .. latent.Latent.Shape];
            inputs.Add((_graph.Latents[i], OrtValue.CreateTensor<float>(latent.Values.AsMemory(0, size * latent.Size), latentDims)));
        }

        inputs.Add((_graph.Target, OrtValue.CreateTensor<float>(Targets.AsMemory(0, size * ImageLength), imageDims)));
        if (_graph.Weight is not null)
        {
            inputs.Add((_graph.Weight, OrtValue.CreateTensor<float>(Weights!.AsMemory(0, size * ImageLength), imageDims)));
        }

        foreach (var condition in Conditions)
        {
            inputs.Add((condition.Input.Name, condition.CreateValue(size)));
        }

        for (int f = 0; f < FeatureTargets.Length; f++)
        {
            long[] dims = [size, .. _graph.FeatureExtractor!.OutputShapes[f]];
            inputs.Add((_graph.FeatureTargets[f], OrtValue.CreateTensor<float>(FeatureTargets[f].AsMemory(0, size * FeatureLengths[f]), dims)));
        }

        outputs.Add((_graph.Loss, OrtValue.CreateTensor<float>(Losses.AsMemory(0, size), [size])));
        for (int i = 0; i < Latents.Length; i++)
        {
            var latent = Latents[i];
            long[] latentDims = [size, .. latent.Latent.Shape];
            outputs.Add((_graph.Gradients[i], OrtValue.CreateTensor<float>(latent.Gradients.AsMemory(0, size * latent.Size), latentDims)));
        }

        outputs.Add((_graph.Image!, OrtValue.CreateTensor<float>(Images.AsMemory(0, size * ImageLength), imageDims)));
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
