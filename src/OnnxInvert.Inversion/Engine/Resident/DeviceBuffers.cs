using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine.Resident;

/// <summary>
/// The device-resident side of <see cref="ObjectiveBuffers"/>: targets, pixel weights, condition rows and target
/// features live in the session's memory, copied up once when a target enters a slot (moved between slots on the
/// device), and the image output stays there; each objective run goes through an IO binding per chunk that takes the
/// latents from the host and gives back the per-image losses and the gradients, which is all the host optimiser needs.
/// Image rows come down only when read: every step when <see cref="InversionOptions.TargetMse"/> is checked, else one
/// row when a result is recorded. Counts every byte it moves between host and session memory.
/// </summary>
/// <remarks>
/// On the CPU (<see cref="DeviceResidency.On"/>) the session memory is host memory ONNX Runtime allocates, and the
/// counts say what a device would copy; the objective graph and its inputs are the same, so are the results.
/// </remarks>
internal sealed class DeviceBuffers : IDisposable
{
    private readonly ObjectiveGraph _graph;
    private readonly ObjectiveBuffers _host;
    private readonly OrtSession _session;
    private readonly DeviceCopier _copier;
    private readonly long[] _imageShape;
    private readonly ResidentTensor _targets;
    private readonly ResidentTensor? _weights;
    private readonly ResidentTensor[] _conditions;
    private readonly ResidentTensor[] _features;
    private readonly ResidentTensor _images;
    private readonly bool _imagesEveryStep;
    private readonly bool[] _imageOnHost;
    private readonly Dictionary<(int Offset, int Size), Run> _runs = [];
    private (int From, int End)? _padded;
    private long _toDevice;
    private long _toHost;

    public DeviceBuffers(ObjectiveGraph graph, ObjectiveBuffers host, OrtSession session, long[] imageShape, int rows, bool imagesEveryStep)
    {
        _graph = graph;
        _host = host;
        _session = session;
        _imageShape = imageShape;
        _imagesEveryStep = imagesEveryStep;
        _imageOnHost = new bool[rows];
        _copier = new DeviceCopier(session);
        var made = new List<ResidentTensor>();
        try
        {
            long[] imageDims = [rows, .. imageShape];
            _targets = Keep(made, OrtValue.CreateTensor<float>(host.Targets, imageDims), batched: true);
            _images = Keep(made, OrtValue.CreateTensor<float>(host.Images, imageDims), batched: true);
            _weights = host.Weights is { } weights ? Keep(made, OrtValue.CreateTensor<float>(weights, imageDims), batched: true) : null;
            _conditions = [.. host.Conditions.Select(c => Keep(made, c.CreateValue(0, c.Slots), c.Input.Batched))];
            _features = [.. host.FeatureTargets.Select((f, i) => Keep(made, OrtValue.CreateTensor<float>(f, [rows, .. graph.FeatureExtractor!.OutputShapes[i]]), batched: true))];
        }
        catch
        {
            foreach (var tensor in made)
            {
                tensor.Dispose();
            }

            _copier.Dispose();
            throw;
        }
    }

    /// <summary>Bytes moved between host and session memory so far (the first copies of the buffers not included).</summary>
    public HostDeviceTransfers Transfers => new(_toDevice, _toHost);

    /// <summary>Copies slot <paramref name="slot"/>'s target, condition rows and target features up (after the host buffers were written).</summary>
    public void Upload(int slot)
    {
        _toDevice += _targets.Upload(slot);
        foreach (var condition in _conditions)
        {
            _toDevice += condition.Upload(slot);
        }

        foreach (var feature in _features)
        {
            _toDevice += feature.Upload(slot);
        }

        _padded = null;
    }

    /// <summary>Moves slot <paramref name="from"/>'s resident rows to slot <paramref name="to"/> on the device.</summary>
    public void CopySlot(int from, int to)
    {
        _targets.CopyRow(from, to);
        foreach (var tensor in _conditions.Concat(_features))
        {
            tensor.CopyRow(from, to);
        }

        _images.CopyRow(from, to);
        _imageOnHost[to] = _imageOnHost[from];
        _padded = null;
    }

    /// <summary>Gives padding rows [<paramref name="from"/>, <paramref name="end"/>) slot 0's target and condition rows on the device (again only after they changed).</summary>
    public void Pad(int from, int end)
    {
        if (_padded == (from, end))
        {
            return;
        }

        for (int s = from; s < end; s++)
        {
            _targets.CopyRow(0, s);
            foreach (var condition in _conditions)
            {
                condition.CopyRow(0, s);
            }
        }

        _padded = (from, end);
    }

    /// <summary>Runs the objective on rows [offset, offset + size).</summary>
    public void RunRows(int offset, int size)
    {
        if (!_runs.TryGetValue((offset, size), out var run))
        {
            run = Bind(offset, size);
            _runs[(offset, size)] = run;
        }

        run.Binding.Run();
        _toDevice += run.ToDevice;
        _toHost += run.ToHost;
    }

    /// <summary>After the chunks of a step ran: the host image rows are stale (the first <paramref name="size"/> are fetched now when every step reads them).</summary>
    public void Ran(int size)
    {
        Array.Clear(_imageOnHost);
        if (_imagesEveryStep)
        {
            _toHost += _images.DownloadLeading(size);
            _imageOnHost.AsSpan(0, size).Fill(true);
        }
    }

    /// <summary>Makes the host copy of slot <paramref name="slot"/>'s image current.</summary>
    public void FetchImage(int slot)
    {
        if (!_imageOnHost[slot])
        {
            _toHost += _images.Download(slot);
            _imageOnHost[slot] = true;
        }
    }

    /// <summary>What ONNX Runtime itself reports the objective binding of rows [offset, offset + size) copies per run (zero off CUDA); allocates.</summary>
    internal HostDeviceTransfers MeasureRun(int offset, int size) => _runs[(offset, size)].Binding.MeasureTransfers();

    public void Dispose()
    {
        foreach (var run in _runs.Values)
        {
            run.Dispose();
        }

        _runs.Clear();
        foreach (var tensor in new[] { _targets, _images }.Concat(_conditions).Concat(_features))
        {
            tensor.Dispose();
        }

        _weights?.Dispose();
        _copier.Dispose();
    }

    private ResidentTensor Keep(List<ResidentTensor> made, OrtValue host, bool batched)
    {
        try
        {
            var tensor = new ResidentTensor(_copier, host, batched);
            made.Add(tensor);
            return tensor;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private Run Bind(int offset, int size)
    {
        var owned = new List<OrtValue>();
        var binding = _session.CreateIoBinding();
        long toDevice = 0;
        long toHost = 0;
        OrtValue Host(OrtValue value)
        {
            owned.Add(value);
            return value;
        }

        try
        {
            long[] imageDims = [size, .. _imageShape];
            for (int i = 0; i < _host.Latents.Length; i++)
            {
                var latent = _host.Latents[i];
                var value = Host(OrtValue.CreateTensor<float>(latent.Values.AsMemory(offset * latent.Size, size * latent.Size), [size, .. latent.Latent.Shape]));
                binding.BindInput(_graph.Latents[i], value);
                toDevice += value.ByteCount;
            }

            binding.BindInput(_graph.Target, _targets.Rows(offset, size));
            if (_graph.Weight is not null)
            {
                binding.BindInput(_graph.Weight, _weights!.Rows(offset, size));
            }

            for (int c = 0; c < _conditions.Length; c++)
            {
                binding.BindInput(_host.Conditions[c].Input.Name, _conditions[c].Rows(offset, size));
            }

            for (int f = 0; f < _features.Length; f++)
            {
                binding.BindInput(_graph.FeatureTargets[f], _features[f].Rows(offset, size));
            }

            var loss = Host(OrtValue.CreateTensor<float>(_host.Losses.AsMemory(offset, size), [size]));
            binding.BindOutput(_graph.Loss, loss);
            toHost += loss.ByteCount;
            for (int i = 0; i < _host.Latents.Length; i++)
            {
                var latent = _host.Latents[i];
                var gradient = Host(OrtValue.CreateTensor<float>(latent.Gradients.AsMemory(offset * latent.Size, size * latent.Size), [size, .. latent.Latent.Shape]));
                binding.BindOutput(_graph.Gradients[i], gradient);
                toHost += gradient.ByteCount;
            }

            binding.BindOutput(_graph.Image!, _images.Rows(offset, size));
            return new Run(binding, [.. owned], toDevice, toHost);
        }
        catch
        {
            binding.Dispose();
            foreach (var value in owned)
            {
                value.Dispose();
            }

            throw;
        }
    }

    /// <summary>One chunk's objective binding, the host values it holds and the bytes each of its runs moves.</summary>
    private sealed record Run(OrtIoBinding Binding, OrtValue[] Owned, long ToDevice, long ToHost) : IDisposable
    {
        public void Dispose()
        {
            Binding.Dispose();
            foreach (var value in Owned)
            {
                value.Dispose();
            }
        }
    }
}
