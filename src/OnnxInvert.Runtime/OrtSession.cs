using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;
using OnnxInvert.Runtime.Sessions;

namespace OnnxInvert.Runtime;

/// <summary>
/// A loaded model ready to run (<c>OrtSession</c>): its declared <see cref="Inputs"/> and <see cref="Outputs"/>, and
/// <c>Run</c> overloads that return new outputs or write into preallocated ones.
/// </summary>
/// <remarks>
/// Thread safety: <c>Run</c> may be called from several threads at once (ONNX Runtime's <c>Run</c> is thread-safe and
/// this wrapper keeps no per-run state); each call needs its own input and output values. Disposing while runs are in
/// flight is safe for the native session (it is released after the last run returns) but later runs throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed unsafe partial class OrtSession : IDisposable
{
    private readonly SessionHandle _handle;
    private readonly RunOptionsHandle _runOptions;
    private readonly NameTable _inputNames;
    private readonly NameTable _outputNames;
    private readonly string _runDoing;

    private OrtSession(SessionHandle handle, RunOptionsHandle runOptions, ProviderSpec provider, string source, TensorMetadata[] inputs, TensorMetadata[] outputs)
    {
        _handle = handle;
        _runOptions = runOptions;
        ProviderSpec = provider;
        ProviderName = Providers.ProviderCatalog.For(provider).RegisteredName;
        Provider = provider.Name switch
        {
            "cpu" => ExecutionProvider.Cpu,
            "cuda" => ExecutionProvider.Cuda,
            "tensorrt" => ExecutionProvider.TensorRT,
            _ => ExecutionProvider.Other,
        };
        Source = source;
        Inputs = inputs;
        Outputs = outputs;
        _inputNames = new NameTable(Array.ConvertAll(inputs, i => i.Name));
        _outputNames = new NameTable(Array.ConvertAll(outputs, o => o.Name));
        _runDoing = $"running {source}";
    }

    /// <summary>The model's inputs in declaration order (initializers that may be overridden are not listed).</summary>
    public IReadOnlyList<TensorMetadata> Inputs { get; }

    /// <summary>The model's outputs in declaration order.</summary>
    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>The execution provider the session actually runs on (CPU after an <see cref="ExecutionProvider.Auto"/> fallback).</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>The provider the session was created with, with its options (the one taken from an <c>auto</c> list).</summary>
    public ProviderSpec ProviderSpec { get; }

    /// <summary>The name ONNX Runtime registers that provider under, e.g. <c>CUDAExecutionProvider</c>.</summary>
    public string ProviderName { get; }

    /// <summary>Whether the session runs on a CUDA device (CUDA or TensorRT), so inputs and outputs in host memory are copied each run.</summary>
    public bool RunsOnCuda => Provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT;

    /// <summary>Where the model came from, for messages: "model '/path/g.onnx'" or "a model of N bytes".</summary>
    public string Source { get; }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The native session, checked not disposed.</summary>
    internal SessionHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>The run options every run of this session uses.</summary>
    internal RunOptionsHandle RunOptions => _runOptions;

    /// <summary>Loads the ONNX model at <paramref name="path"/> (any path; passed to the runtime as UTF-8 on Linux).</summary>
    /// <param name="path">The model file.</param>
    /// <param name="settings">Threads, optimisation and provider; the defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OrtException">The runtime could not load the model, or could not use the requested provider.</exception>
    public static OrtSession FromFile(string path, SessionSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The ONNX model file '{fullPath}' does not exist.", fullPath);
        }

        return Create(ModelSource.FromFile(fullPath), settings ?? new SessionSettings());
    }

    /// <summary>Loads an ONNX model from its serialized bytes (the bytes are not needed once this returns).</summary>
    /// <param name="model">The <c>ModelProto</c> bytes.</param>
    /// <param name="settings">Threads, optimisation and provider; the defaults when null.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty.</exception>
    /// <exception cref="OrtException">The runtime could not load the model, or could not use the requested provider.</exception>
    public static OrtSession FromBytes(ReadOnlySpan<byte> model, SessionSettings? settings = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model bytes are empty.", nameof(model));
        }

        fixed (byte* bytes = model)
        {
            return Create(ModelSource.FromBytes(bytes, (nuint)model.Length), settings ?? new SessionSettings());
        }
    }

    /// <summary>Creates an IO binding for this session (dispose it before the session).</summary>
    public OrtIoBinding CreateIoBinding() => new(this);

    /// <inheritdoc />
    public override string ToString() => $"{Source} on {ProviderName}";

    /// <summary>Releases the native session (after any run still in flight returns).</summary>
    public void Dispose()
    {
        _runOptions.Dispose();
        _handle.Dispose();
    }

    private static OrtSession Create(in ModelSource source, SessionSettings settings)
    {
        OrtApiTable api = OrtLibrary.Api;
        (SessionHandle handle, ProviderSpec provider) = SessionFactory.Create(source, settings);
        RunOptionsHandle? runOptions = null;
        try
        {
            TensorMetadata[] inputs = SessionDescriber.Describe(api, handle.DangerousGetHandle(), outputs: false, source.Description);
            TensorMetadata[] outputs = SessionDescriber.Describe(api, handle.DangerousGetHandle(), outputs: true, source.Description);
            nint raw;
            api.Check(api.CreateRunOptions(&raw), "creating run options");
            runOptions = new RunOptionsHandle(raw);
            return new OrtSession(handle, runOptions, provider, source.Description, inputs, outputs);
        }
        catch
        {
            runOptions?.Dispose();
            handle.Dispose();
            throw;
        }
    }
}
