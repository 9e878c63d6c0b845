using OnnxInvert.Onnx.Tensors;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>A tensor held in managed memory: an input fed to a probing run or an output read back (float and int64 data only).</summary>
internal sealed record HostTensor(string Name, DataType Type, long[] Dims, Array? Data)
{
    public long Count => Dims.Aggregate(1L, (a, d) => a * d);

    public float[] Floats => Data as float[] ?? throw new InvalidOperationException($"tensor '{Name}' is {ElementTypes.Name(Type)}, not float");

    /// <summary>"float [1,3,8,8]".</summary>
    public string Describe() => $"{ElementTypes.Name(Type)} [{string.Join(",", Dims)}]";

    /// <summary>A feed for an input of <paramref name="type"/>: floats drawn from N(0, 1) by <paramref name="random"/>, integers 0, booleans false.</summary>
    public static HostTensor Probe(string name, DataType type, long[] dims, Random random)
    {
        int count = checked((int)dims.Aggregate(1L, (a, d) => a * d));
        Array data = type switch
        {
            DataType.Float => Enumerable.Range(0, count).Select(_ => (float)Gaussian(random)).ToArray(),
            DataType.Double => Enumerable.Range(0, count).Select(_ => Gaussian(random)).ToArray(),
            DataType.Int64 => new long[count],
            DataType.Int32 => new int[count],
            DataType.Bool => new bool[count],
            DataType.Uint8 => new byte[count],
            _ => throw new ModelAdaptationException($"input '{name}' is {ElementTypes.Name(type)}; only float, double, int64, int32, bool and uint8 inputs can be fed while probing"),
        };
        return new HostTensor(name, type, dims, data);
    }

    /// <summary>Rows <paramref name="start"/>..start+count of the leading axis (rows past the end repeat the last row).</summary>
    public HostTensor Rows(long start, long count)
    {
        long row = Count / Dims[0];
        var result = Array.CreateInstance(Data!.GetType().GetElementType()!, count * row);
        for (long i = 0; i < count; i++)
        {
            long source = Math.Min(start + i, Dims[0] - 1);
            Array.Copy(Data, source * row, result, i * row, row);
        }

        return this with { Dims = [count, .. Dims[1..]], Data = result };
    }

    public OrtValue ToOrtValue() => Data switch
    {
        float[] f => OrtValue.CreateTensor<float>(f, Dims),
        double[] d => OrtValue.CreateTensor<double>(d, Dims),
        long[] l => OrtValue.CreateTensor<long>(l, Dims),
        int[] i => OrtValue.CreateTensor<int>(i, Dims),
        bool[] b => OrtValue.CreateTensor<bool>(b, Dims),
        byte[] u => OrtValue.CreateTensor<byte>(u, Dims),
        _ => throw new InvalidOperationException($"tensor '{Name}' has no data to feed"),
    };

    public static HostTensor FromOrtValue(string name, OrtValue value)
    {
        var type = (DataType)(int)value.ElementType;
        Array? data = value.ElementType switch
        {
            TensorElementType.Float => value.GetTensorData<float>().ToArray(),
            TensorElementType.Int64 => value.GetTensorData<long>().ToArray(),
            _ => null,
        };
        return new HostTensor(name, type, value.Shape.ToArray(), data);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
