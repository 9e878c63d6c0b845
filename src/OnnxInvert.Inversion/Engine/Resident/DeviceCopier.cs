using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Engine.Resident;

/// <summary>
/// Copies tensors between host memory and the memory an objective session computes in, through one-node Identity
/// sessions on the same device (one per element type, made when first needed, graph optimisation off so the node is
/// kept; CUDA for a CUDA or TensorRT session, the CPU for any provider that computes in host memory): bound to a host input
/// and a device output the runtime copies up, to a device input and a host output it copies down, to two device
/// tensors it copies on the device. On the CPU the "device" is host memory the runtime allocates, so the same code
/// runs (and is tested) without a GPU.
/// </summary>
internal sealed class DeviceCopier : IDisposable
{
    private const string In = "x";
    private const string Out = "y";

    private readonly SessionSettings _settings;
    private readonly Dictionary<TensorElementType, OrtSession> _sessions = [];

    /// <summary>A copier for tensors used by <paramref name="objective"/>, in its device's memory.</summary>
    public DeviceCopier(OrtSession objective)
    {
        bool cuda = objective.RunsOnCuda;
        string? deviceId = objective.ProviderSpec.Options.FirstOrDefault(o => o.Key == "device_id").Value;
        int device = deviceId is not null && int.TryParse(deviceId, System.Globalization.CultureInfo.InvariantCulture, out int id) ? id : 0;

        // TensorRT would build an engine per shape for a copy: copies on its device go through CUDA. Other providers
        // (OpenVINO, XNNPACK, ...) take host memory, so their resident tensors are copied by the CPU provider.
        ProviderSpec provider = objective.Provider switch
        {
            ExecutionProvider.Cuda => objective.ProviderSpec,
            ExecutionProvider.TensorRT => ProviderSpec.Create("cuda", [new("device_id", device.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            _ => ProviderSpec.Cpu,
        };
        _settings = new SessionSettings { Provider = provider, GraphOptimization = GraphOptimizationLevel.Disabled, IntraOpThreads = 1, InterOpThreads = 1 };
        Memory = cuda ? OrtMemoryInfo.CreateCuda(device) : OrtMemoryInfo.CreateCpu();
    }

    /// <summary>Where resident tensors are kept: the CUDA device's memory, or host memory for any other provider.</summary>
    public OrtMemoryInfo Memory { get; }

    /// <summary>A new tensor in <see cref="Memory"/> holding a copy of <paramref name="source"/>; the caller disposes it.</summary>
    public OrtValue Upload(OrtValue source)
    {
        using var binding = Session(source.ElementType).CreateIoBinding();
        binding.BindInput(In, source);
        binding.BindOutputToDevice(Out, Memory);
        binding.Run();
        return binding.GetOutputValues()[0];
    }

    /// <summary>A copy of <paramref name="source"/> into <paramref name="destination"/> (same type and shape), run by each <see cref="OrtIoBinding.Run"/>; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The two tensors differ in element type or shape.</exception>
    public OrtIoBinding Bind(OrtValue source, OrtValue destination)
    {
        if (source.ElementType != destination.ElementType || !source.Shape.SequenceEqual(destination.Shape))
        {
            throw new InvalidOperationException($"cannot copy the tensor {source} into {destination}: their types or shapes differ");
        }

        var binding = Session(source.ElementType).CreateIoBinding();
        try
        {
            binding.BindInput(In, source);
            binding.BindOutput(Out, destination);
            return binding;
        }
        catch
        {
            binding.Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> once.</summary>
    public void Copy(OrtValue source, OrtValue destination)
    {
        using var binding = Bind(source, destination);
        binding.Run();
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
        Memory.Dispose();
    }

    private OrtSession Session(TensorElementType type)
    {
        if (!_sessions.TryGetValue(type, out var session))
        {
            session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(IdentityModel((DataType)(int)type)), _settings);
            _sessions[type] = session;
        }

        return session;
    }

    /// <summary>y = Identity(x) for tensors of <paramref name="type"/> of any rank.</summary>
    private static ModelProto IdentityModel(DataType type)
    {
        var graph = new GraphProto { Name = "device_copy" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor(In, type, null));
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = "copy", Input = { In }, Output = { Out } });
        graph.Output.Add(ValueInfoFactory.Tensor(Out, type, null));
        return ModelFactory.Create(graph, 17);
    }
}
