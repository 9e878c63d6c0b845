namespace OnnxInvert.Runtime.Sessions;

/// <summary>Where a session's model comes from: a file path, or bytes in memory (pinned by the caller).</summary>
internal readonly unsafe struct ModelSource
{
    private ModelSource(string? path, byte* bytes, nuint length, string description)
    {
        Path = path;
        Bytes = bytes;
        Length = length;
        Description = description;
    }

    /// <summary>The model file's full path, or null for bytes.</summary>
    public string? Path { get; }

    /// <summary>The model bytes (when <see cref="Path"/> is null), valid while the caller keeps them pinned.</summary>
    public byte* Bytes { get; }

    /// <summary>The number of model bytes.</summary>
    public nuint Length { get; }

    /// <summary>For messages: "model '/models/g.onnx'" or "a model of 1234 bytes".</summary>
    public string Description { get; }

    public static ModelSource FromFile(string fullPath) => new(fullPath, null, 0, $"model '{fullPath}'");

    public static ModelSource FromBytes(byte* bytes, nuint length) => new(null, bytes, length, $"a model of {length} bytes");
}
