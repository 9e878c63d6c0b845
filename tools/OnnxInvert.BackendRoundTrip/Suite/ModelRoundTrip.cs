using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>
/// One model read by <see cref="OnnxModelReader"/> and re-serialised by <see cref="OnnxModelWriter"/>: the original
/// file's bytes, ours, and how they compare.
/// </summary>
internal sealed class ModelRoundTrip
{
    private static readonly Google.Protobuf.MessageParser<ModelProto> DeclaredFieldsOnly = ModelProto.Parser.WithDiscardUnknownFields(true);

    private ModelRoundTrip(byte[] original, ModelProto model, byte[] ours, bool reparsesEqual, bool schemaCovers)
    {
        OriginalBytes = original;
        Model = model;
        OurBytes = ours;
        IsByteIdentical = original.AsSpan().SequenceEqual(ours);
        ReparsesEqual = reparsesEqual;
        SchemaCoversEveryField = schemaCovers;
    }

    /// <summary>The model file as it is on disk.</summary>
    public byte[] OriginalBytes { get; }

    /// <summary>The model as our reader parsed it.</summary>
    public ModelProto Model { get; }

    /// <summary>The model as our writer serialised it.</summary>
    public byte[] OurBytes { get; }

    /// <summary>Whether <see cref="OurBytes"/> equal <see cref="OriginalBytes"/> byte for byte.</summary>
    public bool IsByteIdentical { get; }

    /// <summary>Whether <see cref="OurBytes"/>, parsed again, give a message equal to <see cref="Model"/> (unknown fields included).</summary>
    public bool ReparsesEqual { get; }

    /// <summary>
    /// Whether our schema declares every field the file holds: parsed with unknown fields discarded and written again,
    /// the model is still byte-identical to the file (so the round trip does not rest on unknown-field passthrough).
    /// </summary>
    public bool SchemaCoversEveryField { get; }

    /// <summary>Reads <paramref name="modelPath"/> with our reader and serialises it with our writer.</summary>
    /// <exception cref="OnnxModelException">Our reader rejected the model.</exception>
    public static ModelRoundTrip Run(string modelPath)
    {
        byte[] original = File.ReadAllBytes(modelPath);
        ModelProto model = OnnxModelReader.Read(modelPath);
        byte[] ours = OnnxModelWriter.ToBytes(model);
        ModelProto reparsed = OnnxModelReader.Parse(ours, $"{modelPath} (re-serialised)");
        ModelProto declaredOnly = DeclaredFieldsOnly.ParseFrom(original);
        bool schemaCovers = original.AsSpan().SequenceEqual(OnnxModelWriter.ToBytes(declaredOnly));
        return new ModelRoundTrip(original, model, ours, reparsed.Equals(model), schemaCovers);
    }
}
