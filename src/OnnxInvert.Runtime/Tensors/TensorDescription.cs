using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Tensors;

/// <summary>What a tensor value holds, read once from the runtime and then cached by its <see cref="OrtValue"/>.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">The dimensions (all known for a value).</param>
/// <param name="ElementCount">The product of the dimensions.</param>
/// <param name="Data">The address of the first element (may be 0 for an empty tensor); a device address when not <see cref="OnHost"/>.</param>
/// <param name="Device">The memory's device name as ONNX Runtime reports it: "Cpu", "Cuda", "CudaPinned", ...</param>
/// <param name="DeviceId">The device ordinal.</param>
internal sealed record TensorDescription(TensorElementType ElementType, long[] Shape, long ElementCount, nint Data, string Device = "Cpu", int DeviceId = 0)
{
    /// <summary>Whether the data is in host memory that .NET can read (CPU, or CUDA's pinned host memory).</summary>
    public bool OnHost => Device is "Cpu" or "CudaPinned";

    /// <summary>Asks the runtime what the tensor <paramref name="value"/> holds and where its data is.</summary>
    /// <exception cref="NotSupportedException">The value is not a tensor.</exception>
    public static unsafe TensorDescription Read(OrtApiTable api, nint value)
    {
        OnnxValueType kind;
        api.Check(api.GetValueType(value, &kind), "reading the kind of a value");
        if (kind != OnnxValueType.Tensor)
        {
            throw new NotSupportedException($"The value is a {kind}, not a tensor; only tensors are supported.");
        }

        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info), "reading the type and shape of a tensor");
        TensorElementType type;
        long[] shape;
        try
        {
            api.Check(api.GetTensorElementType(info, &type), "reading a tensor's element type");
            nuint rank;
            api.Check(api.GetDimensionsCount(info, &rank), "reading a tensor's rank");
            shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                api.Check(api.GetDimensions(info, dims, rank), "reading a tensor's dimensions");
            }
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        void* data;
        api.Check(api.GetTensorMutableData(value, &data), "reading a tensor's data address");
        nint memory;
        api.Check(api.GetTensorMemoryInfo(value, &memory), "reading where a tensor's memory is");
        byte* name;
        api.Check(api.MemoryInfoGetName(memory, &name), "reading a tensor's memory device");
        int id;
        api.Check(api.MemoryInfoGetId(memory, &id), "reading a tensor's memory device id");
        return new TensorDescription(type, shape, TensorShape.ElementCount(shape, nameof(value)), (nint)data, Utf8.Read(name) ?? "Cpu", id);
    }
}

