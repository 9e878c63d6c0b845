using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime;

/// <summary>
/// Inputs and outputs bound to a session once and run many times (<c>OrtIoBinding</c>). Outputs are bound either to
/// preallocated values or to a device, where the runtime allocates them on each run.
/// </summary>
/// <remarks>
/// Not thread-safe: use one binding per thread. Bound values are kept alive (even if disposed meanwhile) until they are
/// rebound, cleared or the binding is disposed. The binding keeps its session's native objects alive until disposed.
/// </remarks>
public sealed unsafe class OrtIoBinding : IDisposable
{
    private readonly OrtSession _session;
    private readonly SessionHandle _sessionHandle;
    private readonly RunOptionsHandle _runOptions;
    private readonly IoBindingHandle _handle;
    private readonly Dictionary<string, OrtValue> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrtValue> _outputs = new(StringComparer.Ordinal);
    private readonly string _runDoing;

    internal OrtIoBinding(OrtSession session)
    {
        _session = session;
        _sessionHandle = session.Handle;
        _runOptions = session.RunOptions;
        bool sessionAdded = false;
        bool optionsAdded = false;
        try
        {
            _sessionHandle.DangerousAddRef(ref sessionAdded);
            _runOptions.DangerousAddRef(ref optionsAdded);
            OrtApiTable api = OrtLibrary.Api;
            nint binding;
            api.Check(api.CreateIoBinding(_sessionHandle.DangerousGetHandle(), &binding), $"creating an IO binding for {session.Source}");
            _handle = new IoBindingHandle(binding);
        }
        catch
        {
            if (optionsAdded)
            {
                _runOptions.DangerousRelease();
            }

            if (sessionAdded)
            {
                _sessionHandle.DangerousRelease();
            }

            throw;
        }

        _runDoing = $"running {session.Source} with an IO binding";
    }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Binds <paramref name="value"/> to input <paramref name="name"/>, replacing any earlier binding of that name.</summary>
    public void BindInput(string name, OrtValue value) =>
        Bind(name, value, output: false);

    /// <summary>Binds output <paramref name="name"/> to the preallocated <paramref name="value"/>, which each run overwrites.</summary>
    public void BindOutput(string name, OrtValue value) =>
        Bind(name, value, output: true);

    /// <summary>
    /// Binds output <paramref name="name"/> to a device: each run allocates it there; read it with
    /// <see cref="GetOutputValues"/>.
    /// </summary>
    public void BindOutputToDevice(string name, OrtMemoryInfo memoryInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(memoryInfo);
        IoBindingHandle binding = Handle;
        OrtApiTable api = OrtLibrary.Api;
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* utf8 = Utf8.Encode(name, buffer))
        {
            api.Check(
                api.BindOutputToDevice(binding.DangerousGetHandle(), utf8, memoryInfo.Handle.DangerousGetHandle()),
                $"binding output '{name}' of {_session.Source} to {memoryInfo}");
        }

        Forget(_outputs, name);
    }

    /// <summary>Runs the session with the bound inputs and outputs.</summary>
    /// <exception cref="OrtException">The run failed.</exception>
    public void Run()
    {
        IoBindingHandle binding = Handle;
        OrtApiTable api = OrtLibrary.Api;
        api.Check(
            api.RunWithBinding(_sessionHandle.DangerousGetHandle(), _runOptions.DangerousGetHandle(), binding.DangerousGetHandle()),
            _runDoing);
    }

    /// <summary>
    /// The bound outputs after a run, in binding order, as new values the caller disposes. An output bound to a
    /// preallocated value shares that value's memory, so read it only while that value is alive.
    /// </summary>
    public IReadOnlyList<OrtValue> GetOutputValues()
    {
        IoBindingHandle binding = Handle;
        OrtApiTable api = OrtLibrary.Api;
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default CPU allocator");
        nint* values;
        nuint count;
        api.Check(api.GetBoundOutputValues(binding.DangerousGetHandle(), allocator, &values, &count), $"reading the bound outputs of {_session.Source}");
        if (values is null)
        {
            return [];
        }

        var results = new OrtValue[(int)count];
        try
        {
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = OrtValue.FromNative(values[i]);
            }
        }
        finally
        {
            api.Check(api.AllocatorFree(allocator, values), "freeing the array of bound outputs");
        }

        return results;
    }

    /// <summary>
    /// What each run moves between host and device: for a session on CUDA (or TensorRT), the bytes of the bound
    /// inputs that are not in CUDA device memory (copied in) and of the outputs, as the last run left them, that are
    /// not (copied out). Zero for a session on the CPU. Call after a run; it reads the bound outputs (allocating a
    /// little), so call it to measure, not inside a hot loop.
    /// </summary>
    /// <remarks>
    /// This counts what the bindings make ONNX Runtime copy at the graph's edges; copies inside the graph (nodes the
    /// GPU provider hands to the CPU) are not included. Keep latents and targets on the device by binding outputs to
    /// <see cref="OrtMemoryInfo.CreateCuda"/> and feeding those values back as inputs.
    /// </remarks>
    public HostDeviceTransfers MeasureTransfers()
    {
        if (!_session.RunsOnCuda)
        {
            return default;
        }

        long toDevice = _inputs.Values.Where(v => !IsDeviceResident(v)).Sum(v => v.ByteCount);
        long toHost = 0;
        foreach (OrtValue output in GetOutputValues())
        {
            using (output)
            {
                toHost += IsDeviceResident(output) ? 0 : output.ByteCount;
            }
        }

        return new HostDeviceTransfers(toDevice, toHost);
    }

    /// <summary>Removes every input binding.</summary>
    public void ClearInputs()
    {
        OrtLibrary.Api.ClearBoundInputs(Handle.DangerousGetHandle());
        ForgetAll(_inputs);
    }

    /// <summary>Removes every output binding.</summary>
    public void ClearOutputs()
    {
        OrtLibrary.Api.ClearBoundOutputs(Handle.DangerousGetHandle());
        ForgetAll(_outputs);
    }

    /// <summary>Releases the binding, then the bound values and the session it kept alive.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        _handle.Dispose();
        ForgetAll(_inputs);
        ForgetAll(_outputs);
        _runOptions.DangerousRelease();
        _sessionHandle.DangerousRelease();
    }

    private IoBindingHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    private static bool IsDeviceResident(OrtValue value) => value.Device == "Cuda";

    private static void Forget(Dictionary<string, OrtValue> bound, string name)
    {
        if (bound.Remove(name, out OrtValue? previous))
        {
            previous.ReleaseRef();
        }
    }

    private static void ForgetAll(Dictionary<string, OrtValue> bound)
    {
        foreach (OrtValue value in bound.Values)
        {
            value.ReleaseRef();
        }

        bound.Clear();
    }

    private void Bind(string name, OrtValue value, bool output)
    {
        string role = output ? "output" : "input";
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        IoBindingHandle binding = Handle;
        OrtApiTable api = OrtLibrary.Api;
        nint native = value.Handle.DangerousGetHandle();
        value.AddRef();
        try
        {
            Span<byte> buffer = stackalloc byte[256];
            fixed (byte* utf8 = Utf8.Encode(name, buffer))
            {
                nint status = output
                    ? api.BindOutput(binding.DangerousGetHandle(), utf8, native)
                    : api.BindInput(binding.DangerousGetHandle(), utf8, native);
                api.Check(status, $"binding {role} '{name}' of {_session.Source}");
            }
        }
        catch
        {
            value.ReleaseRef();
            throw;
        }

        Dictionary<string, OrtValue> bound = output ? _outputs : _inputs;
        Forget(bound, name);
        bound[name] = value;
    }
}
