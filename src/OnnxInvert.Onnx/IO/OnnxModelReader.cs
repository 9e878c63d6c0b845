using Google.Protobuf;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.IO;

/// <summary>Reads ONNX models from files or bytes, with external data confined to the model's own folder.</summary>
public static class OnnxModelReader
{
    /// <summary>Reads the model at <paramref name="path"/>; external tensors are loaded per <paramref name="options"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">The file is not a valid ONNX model, too large, or its external data is unsafe or missing.</exception>
    public static ModelProto Read(string path, ModelReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ModelReadOptions.Default;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"model file '{path}' does not exist", path);
        }

        if (file.Length > options.MaxModelBytes)
        {
            throw new OnnxModelException(
                $"{path}: the model file is {file.Length} bytes, over the limit of {options.MaxModelBytes} bytes");
        }

        byte[] bytes = File.ReadAllBytes(path);
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Parse(bytes, path, directory, options);
    }

    /// <summary>
    /// Parses a model from bytes. External data, if any, is resolved against <paramref name="baseDirectory"/>;
    /// without one, a model that references external data is rejected.
    /// </summary>
    public static ModelProto Parse(ReadOnlySpan<byte> bytes, string name = "<bytes>", string? baseDirectory = null, ModelReadOptions? options = null)
    {
        options ??= ModelReadOptions.Default;
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxModelException($"{name}: not a valid ONNX model ({ex.Message})", ex);
        }

        if (model.Graph is null)
        {
            throw new OnnxModelException($"{name}: not a valid ONNX model (it has no graph)");
        }

        if (baseDirectory is null)
        {
            if (ModelTensors.All(model).Any(t => t.DataLocation == TensorProto.Types.DataLocation.External))
            {
                throw new OnnxModelException($"{name}: the model references external data but was not read from a file");
            }
        }
        else
        {
            ExternalDataLoader.Apply(model, baseDirectory, name, options.LoadExternalData);
        }

        return model;
    }
}
