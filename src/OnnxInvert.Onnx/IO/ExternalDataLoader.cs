using Google.Protobuf;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Onnx.IO;

/// <summary>Validates every external-data reference of a model and, when asked, reads the data inline.</summary>
internal static class ExternalDataLoader
{
    public static void Apply(ModelProto model, string modelDirectory, string modelName, bool load)
    {
        foreach (var tensor in ModelTensors.All(model))
        {
            if (tensor.DataLocation != TensorProto.Types.DataLocation.External)
            {
                continue;
            }

            var entry = ExternalDataEntry.Parse(tensor, modelName);
            string path = ContainedPath.Resolve(modelDirectory, entry.Location, modelName, tensor.Name);
            if (!File.Exists(path))
            {
                throw new OnnxModelException(
                    $"{modelName}: external data file '{entry.Location}' of tensor '{tensor.Name}' does not exist in the model's folder");
            }

            if (load)
            {
                tensor.RawData = ByteString.CopyFrom(Read(path, entry, tensor, modelName));
                tensor.ExternalData.Clear();
                tensor.ClearDataLocation();
            }
        }
    }

    private static byte[] Read(string path, ExternalDataEntry entry, TensorProto tensor, string modelName)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long available = stream.Length - entry.Offset;
        long length = entry.Length ?? available;
        if (entry.Offset > stream.Length || length > available)
        {
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' wants bytes [{entry.Offset}, {entry.Offset + length}) of " +
                $"'{entry.Location}', which has only {stream.Length} bytes");
        }

        long elements = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        long? expected = ElementTypes.ByteCount((TensorProto.Types.DataType)tensor.DataType, elements);
        if (expected is { } bytes && bytes != length)
        {
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' has shape [{string.Join(",", tensor.Dims)}] " +
                $"({bytes} bytes) but its external data in '{entry.Location}' is {length} bytes");
        }

        if (length > Array.MaxLength)
        {
            throw new OnnxModelException($"{modelName}: tensor '{tensor.Name}' is {length} bytes, larger than one buffer can hold");
        }

        var data = new byte[length];
        stream.Seek(entry.Offset, SeekOrigin.Begin);
        stream.ReadExactly(data);
        return data;
    }
}
