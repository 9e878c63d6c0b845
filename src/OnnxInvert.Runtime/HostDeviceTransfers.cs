namespace OnnxInvert.Runtime;

/// <summary>
/// The bytes one run of an <see cref="OrtIoBinding"/> moves between host and device memory: inputs bound in host
/// memory that a CUDA session copies in, and outputs bound to host memory that it copies out. Zero on the CPU.
/// </summary>
/// <param name="HostToDeviceBytes">Bytes copied from host to device per run.</param>
/// <param name="DeviceToHostBytes">Bytes copied from device to host per run.</param>
public readonly record struct HostDeviceTransfers(long HostToDeviceBytes, long DeviceToHostBytes)
{
    /// <summary>Both directions together.</summary>
    public long TotalBytes => HostToDeviceBytes + DeviceToHostBytes;

    /// <inheritdoc />
    public override string ToString() => $"{HostToDeviceBytes} B host->device, {DeviceToHostBytes} B device->host per run";
}
