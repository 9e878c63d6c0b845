using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime;

/// <summary>
/// Describes a memory (a device and which of its memories), e.g. where an <see cref="OrtIoBinding"/> output is placed.
/// </summary>
public sealed unsafe class OrtMemoryInfo : IDisposable
{
    private static readonly Lock Gate = new();
    private static volatile OrtMemoryInfo? s_sharedCpu;

    private readonly MemoryInfoHandle _handle;

    private OrtMemoryInfo(MemoryInfoHandle handle, string deviceName, int deviceId)
    {
        _handle = handle;
        DeviceName = deviceName;
        DeviceId = deviceId;
    }

    /// <summary>The device name ONNX Runtime uses: "Cpu" or "Cuda".</summary>
    public string DeviceName { get; }

    /// <summary>The device ordinal (0 for the CPU).</summary>
    public int DeviceId { get; }

    /// <summary>One CPU memory description shared by this binding's tensors; never disposed.</summary>
    internal static OrtMemoryInfo SharedCpu => s_sharedCpu ?? CreateSharedCpu();

    /// <summary>The native description, valid until <see cref="Dispose"/>.</summary>
    internal MemoryInfoHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Describes ordinary CPU memory.</summary>
    public static OrtMemoryInfo CreateCpu()
    {
        OrtApiTable api = OrtLibrary.Api;
        nint info;
        api.Check(api.CreateCpuMemoryInfo(OrtAllocatorType.Arena, OrtMemType.Default, &info), "describing CPU memory");
        return new OrtMemoryInfo(new MemoryInfoHandle(info), "Cpu", 0);
    }

    /// <summary>Describes the memory of CUDA device <paramref name="deviceId"/> (usable with a CUDA session).</summary>
    /// <param name="deviceId">The CUDA device ordinal, 0 or more.</param>
    public static OrtMemoryInfo CreateCuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        OrtApiTable api = OrtLibrary.Api;
        nint info;
        fixed (byte* name = "Cuda\0"u8)
        {
            api.Check(api.CreateMemoryInfo(name, OrtAllocatorType.Device, deviceId, OrtMemType.Default, &info), $"describing the memory of CUDA device {deviceId}");
        }

        return new OrtMemoryInfo(new MemoryInfoHandle(info), "Cuda", deviceId);
    }

    /// <inheritdoc />
    public override string ToString() => $"{DeviceName}:{DeviceId}";

    /// <summary>Releases the native description.</summary>
    public void Dispose() => _handle.Dispose();

    private static OrtMemoryInfo CreateSharedCpu()
    {
        lock (Gate)
        {
            return s_sharedCpu ??= CreateCpu();
        }
    }
}
