using System.Globalization;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// An encoder E for hybrid inversion: an ONNX model with one float input [B, image dims...] (targets in the
/// generator's output layout and range) and a float output [B, latent dims...] (its first output) that proposes a
/// latent per image; the optimisation then refines the proposal (<see cref="Engine.LatentInitialization.Encoder"/>).
/// A fixed batch dimension is honoured by running the images in chunks of that size.
/// </summary>
public sealed class LatentEncoder : IDisposable
{
    private const int DynamicChunk = 64;

    private readonly OrtSession _session;

    private LatentEncoder(string source, OrtSession session)
    {
        Source = source;
        _session = session;
        if (session.Inputs.Count != 1)
        {
            throw new InvalidOperationException($"{source}: an encoder needs exactly one input (the images); it has {session.Inputs.Count} ({string.Join(", ", session.Inputs.Select(i => i.Name))})");
        }

        if (session.Outputs.Count == 0)
        {
            throw new InvalidOperationException($"{source}: the encoder has no outputs");
        }

        Input = session.Inputs[0];
        Output = session.Outputs[0];
    }

    /// <summary>Where the encoder came from (its file path, or a label).</summary>
    public string Source { get; }

    /// <summary>The image input as the encoder declares it.</summary>
    public TensorMetadata Input { get; }

    /// <summary>The latent output (the first output) as the encoder declares it.</summary>
    public TensorMetadata Output { get; }

    /// <summary>Loads the encoder at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidOperationException">The model does not have exactly one input, or has no output.</exception>
    public static LatentEncoder Open(string path, SessionSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such encoder model file", path);
        }

        var model = OnnxModelReader.Read(path);
        return new LatentEncoder(path, OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), settings));
    }

    /// <summary>Wraps an in-memory encoder model; <paramref name="source"/> names it in errors.</summary>
    public static LatentEncoder FromModel(ModelProto model, string source = "encoder", SessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new LatentEncoder(source, OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), settings));
    }

    /// <summary>
    /// Checks that the encoder takes images of <paramref name="imageShape"/> and proposes latents of
    /// <paramref name="latentShape"/> (both per sample, without the batch axis; dynamic encoder dimensions match
    /// anything).
    /// </summary>
    /// <exception cref="ArgumentException">A shape or element type does not fit; the message names the encoder, the
    /// tensor and both shapes.</exception>
    public void Validate(IReadOnlyList<long> imageShape, IReadOnlyList<long> latentShape)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        ArgumentNullException.ThrowIfNull(latentShape);
        Check(Input, "input", imageShape, "the generator's image");
        Check(Output, "output", latentShape, "the generator's latent");
    }

    /// <summary>Proposes a latent for each of <paramref name="count"/> images laid out contiguously in <paramref name="images"/>.</summary>
    /// <returns>count × (latent size) values, row per image.</returns>
    /// <exception cref="InvalidOperationException">The encoder produced a tensor of an unexpected size.</exception>
    public float[] Encode(ReadOnlySpan<float> images, int count, IReadOnlyList<long> imageShape, IReadOnlyList<long> latentShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int imageLength = (int)imageShape.Aggregate(1L, (a, d) => a * d);
        int latentSize = (int)latentShape.Aggregate(1L, (a, d) => a * d);
        if (images.Length != count * imageLength)
        {
            throw new ArgumentException($"expected {count} × {imageLength} image values, got {images.Length}", nameof(images));
        }

        var result = new float[count * latentSize];
        long fixedBatch = Input.Shape[0];
        int chunk = fixedBatch > 0 ? (int)fixedBatch : DynamicChunk;
        for (int start = 0; start < count; start += chunk)
        {
            int size = Math.Min(chunk, count - start);
            int rows = fixedBatch > 0 ? chunk : size;
            var buffer = new float[rows * imageLength];
            images.Slice(start * imageLength, size * imageLength).CopyTo(buffer);
            using var input = OrtValue.CreateTensor<float>(buffer, [rows, .. imageShape]);
            var outputs = _session.Run([(Input.Name, input)], [Output.Name]);
            try
            {
                var value = outputs[0];
                if (value.ElementType != TensorElementType.Float || value.ElementCount != (long)rows * latentSize)
                {
                    throw new InvalidOperationException(
                        $"{Source}: output '{Output.Name}' came back as {value.ElementType} [{string.Join(", ", value.Shape.ToArray())}] for {rows} images; expected Float [{rows}, {string.Join(", ", latentShape)}]");
                }

                value.GetTensorData<float>()[..(size * latentSize)].CopyTo(result.AsSpan(start * latentSize));
            }
            finally
            {
                foreach (var value in outputs)
                {
                    value.Dispose();
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Source} ({Input} → {Output})";

    private void Check(TensorMetadata tensor, string role, IReadOnlyList<long> expected, string what)
    {
        string want = $"[B, {string.Join(", ", expected.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";
        string got = Describe(tensor);
        if (!tensor.IsTensor || tensor.ElementType != TensorElementType.Float)
        {
            throw new ArgumentException($"{Source}: encoder {role} '{tensor.Name}' is {got}; it must be a float32 tensor {want} ({what})");
        }

        bool fits = tensor.Rank == expected.Count + 1
            && expected.Select((d, i) => tensor.Shape[i + 1] < 0 || tensor.Shape[i + 1] == d).All(ok => ok);
        if (!fits)
        {
            throw new ArgumentException($"{Source}: encoder {role} '{tensor.Name}' is {got}; expected {want} to match {what} shape");
        }
    }

    private static string Describe(TensorMetadata tensor)
    {
        if (!tensor.IsTensor)
        {
            return "not a tensor";
        }

        var dims = tensor.Shape.Select((d, axis) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : tensor.SymbolicDimensions[axis] ?? "?");
        return $"{tensor.ElementType} [{string.Join(", ", dims)}]";
    }
}
