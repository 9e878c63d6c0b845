using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The managed arrays one objective run reads and writes (latents, targets → loss, gradients, images), sized for the
/// largest batch, and the runtime values over their leading rows for each batch size used (made once per size, so a
/// steady batch allocates nothing per run).
/// </summary>
internal sealed class ObjectiveBuffers : IDisposable
{
    private readonly ObjectiveGraph _graph;
    private readonly long[] _latentShape;
    private readonly long[] _imageShape;
    private readonly Dictionary<int, Binding> _bindings = [];

    public ObjectiveBuffers(ObjectiveGraph graph, int capacity, long[] latentShape, long[] imageShape, float[]? pixelWeights = null)
    {
        _graph = graph;
        _latentShape = latentShape;
        _imageShape = imageShape;
        Capacity = capacity;
        LatentSize = (int)latentShape.Aggregate(1L, (a, d) => a * d);
        ImageLength = (int)imageShape.Aggregate(1L, (a, d) => a * d);
        Latents = new float[capacity * LatentSize];
        Gradients = new float[capacity * LatentSize];
        Targets = new float[capacity * ImageLength];
        Images = new float[capacity * ImageLength];
        Losses = new float[capacity];
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

    public int LatentSize { get; }

    public int ImageLength { get; }

    public float[] Latents { get; }

    public float[] Gradients { get; }

    public float[] Targets { get; }

    public float[] Images { get; }

    public float[] Losses { get; }

    /// <summary>The per-pixel loss weights of every slot, when the objective takes them.</summary>
    public float[]? Weights { get; }

    public Span<float> Latent(int slot) => Latents.AsSpan(slot * LatentSize, LatentSize);

    public Span<float> Gradient(int slot) => Gradients.AsSpan(slot * LatentSize, LatentSize);

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
        Latent(from).CopyTo(Latent(to));
        Gradient(from).CopyTo(Gradient(to));
        Target(from).CopyTo(Target(to));
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
        long[] latentDims = [size, .. _latentShape];
        long[] imageDims = [size, .. _imageShape];
        var latents = OrtValue.CreateTensor<float>(Latents.AsMemory(0, size * LatentSize), latentDims);
        var targets = OrtValue.CreateTensor<float>(Targets.AsMemory(0, size * ImageLength), imageDims);
        var losses = OrtValue.CreateTensor<float>(Losses.AsMemory(0, size), [size]);
        var gradients = OrtValue.CreateTensor<float>(Gradients.AsMemory(0, size * LatentSize), latentDims);
        var images = OrtValue.CreateTensor<float>(Images.AsMemory(0, size * ImageLength), imageDims);
        (string, OrtValue)[] inputs = _graph.Weight is null
            ? [(_graph.Latents[0], latents), (_graph.Target, targets)]
            : [(_graph.Latents[0], latents), (_graph.Target, targets), (_graph.Weight, OrtValue.CreateTensor<float>(Weights!.AsMemory(0, size * ImageLength), imageDims))];
        return new Binding(
            inputs,
            [(_graph.Loss, losses), (_graph.Gradients[0], gradients), (_graph.Image!, images)]);
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
