using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// A generator G: latent → image, opened from an ONNX file with its card: which input is the latent, which output the
/// image, the prior and the output range, each from explicit options, the card, or detection (in that order).
/// </summary>
public sealed class Generator : IDisposable
{
    private readonly OrtSession _session;

    private Generator(string path, ModelProto model, OrtSession session, ModelCard? card, string latent, long[] latentShape, string image, long[] imageShape, Prior prior, (float, float) range)
    {
        Path = path;
        Model = model;
        _session = session;
        Card = card;
        LatentInput = latent;
        LatentShape = latentShape;
        ImageOutput = image;
        ImageShape = imageShape;
        Prior = prior;
        OutputRange = range;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The model as read (external data inlined).</summary>
    public ModelProto Model { get; }

    /// <summary>The model card, if any.</summary>
    public ModelCard? Card { get; }

    /// <summary>The latent input's name.</summary>
    public string LatentInput { get; }

    /// <summary>The latent's shape per sample (without the batch axis).</summary>
    public long[] LatentShape { get; }

    /// <summary>Latent elements per sample.</summary>
    public int LatentSize => (int)LatentShape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The image output's name.</summary>
    public string ImageOutput { get; }

    /// <summary>The image shape per sample [C, H, W] as declared (-1 where not fixed until run).</summary>
    public long[] ImageShape { get; }

    /// <summary>The latent prior.</summary>
    public Prior Prior { get; }

    /// <summary>The image output's value range.</summary>
    public (float Low, float High) OutputRange { get; }

    /// <summary>Opens the generator at <paramref name="path"/>.</summary>
    public static Generator Open(string path, GeneratorOptions? options = null)
    {
        options ??= new GeneratorOptions();
        var notice = options.Notice ?? (_ => { });
        var model = OnnxModelReader.Read(path);
        var card = ModelCardLocator.Find(path, model);
        var summary = ModelInspector.Inspect(model);

        string latent = options.LatentInput ?? card?.Latent?.Name ?? summary.LatentCandidates.FirstOrDefault()?.Name
            ?? throw new InvalidOperationException($"{path}: no input looks like a latent (float, rank 2 or [N,d,1,1]); name it with --latent");
        var latentSignature = summary.Inputs.FirstOrDefault(i => i.Name == latent)
            ?? throw new InvalidOperationException($"{path}: the model has no input '{latent}' (inputs: {string.Join(", ", summary.Inputs.Select(i => i.Name))})");
        if (latentSignature.ElementType != DataType.Float || latentSignature.Dims is null)
        {
            throw new InvalidOperationException($"{path}: latent input '{latent}' is {latentSignature}; a float32 input of known rank is required");
        }

        long[] latentShape = latentSignature.Dims.Skip(1).Select((_, i) => latentSignature.FixedDim(i + 1)
            ?? throw new InvalidOperationException($"{path}: latent input '{latent}' has a symbolic dimension at axis {i + 1}")).ToArray();

        string image = options.ImageOutput ?? card?.Image?.Name ?? summary.ImageOutput?.Name
            ?? throw new InvalidOperationException($"{path}: no output looks like an image [N,C,H,W]; name it with --output");
        var imageSignature = summary.Outputs.FirstOrDefault(o => o.Name == image)
            ?? throw new InvalidOperationException($"{path}: the model has no output '{image}' (outputs: {string.Join(", ", summary.Outputs.Select(o => o.Name))})");
        long[] imageShape = imageSignature.Dims?.Skip(1).Select((_, i) => imageSignature.FixedDim(i + 1) ?? -1).ToArray() ?? [];

        var prior = options.Prior ?? FromCard(card?.Prior, path);
        if (prior is null)
        {
            prior = new NormalPrior(0, 1);
            notice($"{path}: no prior given and no model card states one; assuming {prior}");
        }

        var range = options.OutputRange ?? FromCard(card?.Image?.Range, path) ?? GuessRange(model, image, notice, path);
        var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), options.Session);
        return new Generator(path, model, session, card, latent, latentShape, image, imageShape, prior, range);
    }

    /// <summary>Runs G on <paramref name="count"/> latents laid out contiguously; returns the images (NCHW) and their shape.</summary>
    public (float[] Images, long[] Shape) Generate(float[] latents, int count)
    {
        if (latents.Length != count * LatentSize)
        {
            throw new ArgumentException($"expected {count} × {LatentSize} latent values, got {latents.Length}");
        }

        using var input = OrtValue.CreateTensor<float>(latents, [count, .. LatentShape]);
        var outputs = _session.Run([(LatentInput, input)], [ImageOutput]);
        try
        {
            var result = outputs[0];
            if (result.ElementType != TensorElementType.Float)
            {
                throw new InvalidOperationException($"{Path}: output '{ImageOutput}' is {result.ElementType}, not float32");
            }

            return (result.GetTensorData<float>().ToArray(), result.Shape.ToArray());
        }
        finally
        {
            foreach (var value in outputs)
            {
                value.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static Prior? FromCard(ModelCard.PriorCard? card, string path)
    {
        if (card?.Kind is null)
        {
            return null;
        }

        try
        {
            return card.Kind.ToLowerInvariant() switch
            {
                "uniform" => new UniformPrior(card.Low ?? -1, card.High ?? 1),
                "normal" or "gaussian" => new NormalPrior(card.Mean ?? 0, card.Std ?? 1),
                _ => throw new FormatException($"{path}: the model card's prior kind '{card.Kind}' is not uniform or normal"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: the model card's prior is invalid: {ex.Message}", ex);
        }
    }

    private static (float, float)? FromCard(float[]? range, string path) => range switch
    {
        null => null,
        [float low, float high] when low < high => (low, high),
        _ => throw new FormatException($"{path}: the model card's image range must be [low, high] with low < high"),
    };

    private static (float, float) GuessRange(ModelProto model, string image, Action<string> notice, string path) => Adaptation.OutputRangeInference.Guess(model, image, notice, path);
}
