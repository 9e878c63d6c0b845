using System.Security.Cryptography;
using Google.Protobuf;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Shared.IO;

namespace OnnxInvert.Onnx.IO;

/// <summary>Reads ONNX models from files or bytes, with external data confined to the model's own folder.</summary>
public static class OnnxModelReader
{
    /// <summary>Reads the model at <paramref name="path"/>; external tensors are loaded per <paramref name="options"/>.</summary>
    /// <remarks>The path must be a regular file (a device such as <c>/dev/zero</c>, a named pipe or a folder is refused
    /// before it is opened), and at most <see cref="ModelReadOptions.MaxModelBytes"/> are read whatever size the file
    /// system reports. External data files get the same regular-file check.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">The file is not a regular file, not a valid ONNX model, too large, or its
    /// external data is unsafe or missing; the message names the file.</exception>
    public static ModelProto Read(string path, ModelReadOptions? options = null)
    {
        options ??= ModelReadOptions.Default;
        return Parse(ReadBytes(path, options), path, ModelDirectory(path), options);
    }

    /// <summary>
    /// Reads the model at <paramref name="path"/> as <see cref="Read"/> does and gives the SHA-256 of the file's bytes
    /// (lower-case hex), hashed from the bytes already read for parsing, so the file is read once.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">As for <see cref="Read"/>.</exception>
    public static (ModelProto Model, string Sha256) ReadWithSha256(string path, ModelReadOptions? options = null)
    {
        options ??= ModelReadOptions.Default;
        byte[] bytes = ReadBytes(path, options);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return (Parse(bytes, path, ModelDirectory(path), options), sha256);
    }

    private static byte[] ReadBytes(string path, ModelReadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (RegularFileCheck.DescribeNonRegular(path) is { } kind)
        {
            throw new OnnxModelException($"{path}: not a regular file (it is {kind}); a model is read from an .onnx file");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file '{path}' does not exist", path);
        }

        return RegularFile.TryReadAtMost(path, options.MaxModelBytes, out long seen)
            ?? throw new OnnxModelException(
                $"{path}: the model file is {RegularFile.DescribeSize(seen, options.MaxModelBytes)} bytes, over the limit of {options.MaxModelBytes} bytes");
    }

    private static string ModelDirectory(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

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
