using Google.Protobuf;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using OnnxInvert.Shared.IO;

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
            if (RegularFileCheck.DescribeNonRegular(path) is { } kind)
            {
                throw new OnnxModelException(
                    $"{modelName}: external data file '{entry.Location}' of tensor '{tensor.Name}' is not a regular file (it is {kind})");
            }

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
        long fileLength = stream.Length;
        if (entry.Offset > fileLength)
        {
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' has external data at offset {entry.Offset} of " +
                $"'{entry.Location}', which has only {fileLength} bytes");
        }

        long available = fileLength - entry.Offset;
        long length = entry.Length ?? available;
        if (length > available)
        {
            // offset + length may exceed long.MaxValue: the end is computed in 128 bits for the message.
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' wants bytes [{entry.Offset}, {(Int128)entry.Offset + length}) of " +
                $"'{entry.Location}', which has only {fileLength} bytes");
        }

        long? expected = ExpectedByteCount(tensor, modelName);
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

    /// <summary>The byte size the tensor's shape and type call for; null for types without a fixed size.</summary>
    private static long? ExpectedByteCount(TensorProto tensor, string modelName)
    {
        try
        {
            long elements = 1;
            foreach (long dim in tensor.Dims)
            {
                if (dim < 0)
                {
                    throw new OnnxModelException($"{modelName}: tensor '{tensor.Name}' has a negative dimension in shape [{string.Join(",", tensor.Dims)}]");
                }

                elements = checked(elements * dim);
            }

            long bits = ElementTypes.BitsPerElement((TensorProto.Types.DataType)tensor.DataType);
            return bits == 0 ? null : checked((elements * bits) + 7) / 8;
        }
        catch (OverflowException)
        {
            throw new OnnxModelException($"{modelName}: tensor '{tensor.Name}' has shape [{string.Join(",", tensor.Dims)}], too many elements to hold");
        }
    }
}
