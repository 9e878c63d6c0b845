using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine.Resident;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// The managed arrays one objective run reads and writes (every latent and condition input, targets → loss, every
/// latent's gradient, images), sized for the largest batch, and the runtime values over their leading rows for each
/// batch size used (made once per size, so a steady batch allocates nothing per run). A generator that runs at a fixed
/// batch only is run per chunk of that many slots: the storage is rounded up to whole chunks and the rows past the
/// batch in the last chunk are filled with copies of slot 0 before each run, so they are finite and never read back.
/// After <see cref="MakeResident"/> the per-slot inputs and the image output also live in the session's memory
/// (<see cref="DeviceBuffers"/>): the host arrays stay the staging copies that targets are written into, and
/// <see cref="TargetLoaded"/> copies a slot's rows up.
/// </summary>
internal sealed class ObjectiveBuffers : IDisposable
{
    private readonly ObjectiveGraph _graph;
    private readonly long[] _imageShape;
    private readonly Dictionary<(int Offset, int Size), Binding> _bindings = [];
    private readonly int? _chunk;
    private readonly int _rows;
    private DeviceBuffers? _device;
    private long _plainToDevice;
    private long _plainToHost;

    public ObjectiveBuffers(ObjectiveGraph graph, int capacity, IReadOnlyList<GeneratorLatent> latents, long[] imageShape, IReadOnlyList<GeneratorInput> conditions, float[]? pixelWeights = null, int? chunk = null)
    {
        _graph = graph;
        _imageShape = imageShape;
        _chunk = chunk;
        Capacity = capacity;
        int rows = chunk is { } c ? (capacity + c - 1) / c * c : capacity;
        _rows = rows;
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

    /// <summary>Slot <paramref name="slot"/>'s image of the last run (fetched from the device first when resident).</summary>
    public Span<float> Image(int slot)
    {
        _device?.FetchImage(slot);
        return ImageRow(slot);
    }

    /// <summary>Whether the per-slot inputs and the image output live in the session's memory.</summary>
    public bool IsResident => _device is not null;

    /// <summary>
    /// Bytes moved between host and session memory so far: by the resident path every step's latents, gradients and
    /// losses and the rows copied up or down; by the plain path on a CUDA session every bound buffer of every run;
    /// zero for the plain path on the CPU.
    /// </summary>
    public HostDeviceTransfers Transfers => _device?.Transfers ?? new(_plainToDevice, _plainToHost);

    /// <summary>The resident side, for tests that ask ONNX Runtime what a run copies.</summary>
    internal DeviceBuffers? Device => _device;

    /// <summary>
    /// Keeps the per-slot inputs and the image output in <paramref name="session"/>'s memory from now on (once, before
    /// any run); <paramref name="imagesEveryStep"/> fetches the image rows after every step (for the target-MSE check).
    /// </summary>
    public void MakeResident(OrtSession session, bool imagesEveryStep)
    {
        if (_device is not null || _bindings.Count > 0)
        {
            throw new InvalidOperationException("the objective buffers are already in use");
        }

        _device = new DeviceBuffers(_graph, this, session, _imageShape, _rows, imagesEveryStep);
    }

    /// <summary>Copies slot <paramref name="slot"/>'s target, condition rows and target features up, after they were written to the host arrays.</summary>
    public void TargetLoaded(int slot) => _device?.Upload(slot);

    /// <summary>Runs the objective on the first <paramref name="size"/> slots (per chunk for a fixed-batch generator).</summary>
    public void Run(OrtSession session, int size)
    {
        if (_chunk is not { } chunk)
        {
            RunRows(session, 0, size);
            _device?.Ran(size);
            return;
        }

        int end = (size + chunk - 1) / chunk * chunk;
        for (int s = size; s < end; s++)
        {
            PadSlot(s);
        }

        _device?.Pad(size, end);
        for (int offset = 0; offset < size; offset += chunk)
        {
            RunRows(session, offset, chunk);
        }

        _device?.Ran(size);
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

        ImageRow(from).CopyTo(ImageRow(to));
        Losses[to] = Losses[from];
        _device?.CopySlot(from, to);
    }

    private Span<float> ImageRow(int slot) => Images.AsSpan(slot * ImageLength, ImageLength);

    private void RunRows(OrtSession session, int offset, int size)
    {
        if (_device is not null)
        {
            _device.RunRows(offset, size);
            return;
        }

        if (!_bindings.TryGetValue((offset, size), out var binding))
        {
            binding = CreateBinding(offset, size);
            _bindings[(offset, size)] = binding;
        }

        session.Run(binding.Inputs, binding.Outputs);
        if (session.RunsOnCuda)
        {
            _plainToDevice += binding.InputBytes;
            _plainToHost += binding.OutputBytes;
        }
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
        _device?.Dispose();
        _device = null;
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
        /// <summary>Bytes of every input: what a CUDA session copies in per run.</summary>
        public long InputBytes { get; } = Inputs.Sum(i => i.Item2.ByteCount);

        /// <summary>Bytes of every output: what a CUDA session copies out per run.</summary>
        public long OutputBytes { get; } = Outputs.Sum(o => o.Item2.ByteCount);

        public void Dispose()
        {
            foreach (var (_, value) in Inputs.Concat(Outputs))
            {
                value.Dispose();
            }
        }
    }
}
