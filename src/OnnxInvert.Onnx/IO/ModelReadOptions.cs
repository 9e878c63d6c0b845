namespace OnnxInvert.Onnx.IO;

/// <summary>How <see cref="OnnxModelReader"/> treats a model's file and its external data.</summary>
public sealed class ModelReadOptions
{
    private long _maxModelBytes = 2L * 1024 * 1024 * 1024 - 1;

    /// <summary>The defaults: external data is loaded (inlined into the tensors), model files up to 2 GiB.</summary>
    public static ModelReadOptions Default { get; } = new();

    /// <summary>
    /// Whether tensors stored in external files are read into memory and made inline (the default), so the model
    /// can be handed to ONNX Runtime as bytes. When false, external references are still validated but left as they are.
    /// </summary>
    public bool LoadExternalData { get; init; } = true;

    /// <summary>The largest model file accepted, in bytes (protobuf's own limit is 2 GiB).</summary>
    public long MaxModelBytes
    {
        get => _maxModelBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxModelBytes = value;
        }
    }
}
