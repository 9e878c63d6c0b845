using Google.Protobuf;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.IO;

/// <summary>Serialises ONNX models to bytes or files (written atomically: a temporary file, then a rename).</summary>
public static class OnnxModelWriter
{
    private const long ProtobufLimit = int.MaxValue;

    /// <summary>The model's protobuf encoding.</summary>
    /// <exception cref="OnnxModelException">The model is over protobuf's 2 GiB limit.</exception>
    public static byte[] ToBytes(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long size = model.CalculateSize();
        if (size >= ProtobufLimit)
        {
            throw new OnnxModelException(
                $"model '{model.Graph?.Name}' serialises to {size} bytes, over protobuf's 2 GiB limit");
        }

        return model.ToByteArray();
    }

    /// <summary>Writes the model to <paramref name="path"/>; an existing file is replaced only once the new one is complete.</summary>
    public static void Write(ModelProto model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
