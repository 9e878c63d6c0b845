using System.Text.Json;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// A generator G: latents → image, opened from an ONNX file with its card: which inputs are latents (each with its
/// shape and prior), which other inputs are held fixed (conditions), which output is the image and its range, each
/// from explicit options, the card, or detection (in that order).
/// </summary>
public sealed class Generator : IDisposable
{
    private readonly OrtSession _session;

    private Generator(string path, ModelProto model, OrtSession session, ModelCard? card, IReadOnlyList<GeneratorLatent> latents, IReadOnlyList<GeneratorInput> inputs, string image, long[] imageShape, (float, float) range)
    {
        Path = path;
        Model = model;
        _session = session;
        Card = card;
        Latents = latents;
        Inputs = inputs;
        ImageOutput = image;
        ImageShape = imageShape;
        OutputRange = range;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The model as read (external data inlined).</summary>
    public ModelProto Model { get; }

    /// <summary>The model card, if any.</summary>
    public ModelCard? Card { get; }

    /// <summary>Every latent input, in order (at least one).</summary>
    public IReadOnlyList<GeneratorLatent> Latents { get; }

    /// <summary>The graph inputs that are not latents: held fixed at a given value (conditions).</summary>
    public IReadOnlyList<GeneratorInput> Inputs { get; }

    /// <summary>The first latent input's name.</summary>
    public string LatentInput => Latents[0].Name;

    /// <summary>The first latent's shape per sample (without the batch axis).</summary>
    public long[] LatentShape => [.. Latents[0].Shape];

    /// <summary>The first latent's elements per sample.</summary>
    public int LatentSize => Latents[0].Size;

    /// <summary>The image output's name.</summary>
    public string ImageOutput { get; }

    /// <summary>The image shape per sample [C, H, W] as declared (-1 where not fixed until run).</summary>
    public long[] ImageShape { get; }

    /// <summary>The first latent's prior.</summary>
    public Prior Prior => Latents[0].Prior;

    /// <summary>The image output's value range.</summary>
    public (float Low, float High) OutputRange { get; }

    /// <summary>Opens the generator at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">No latent or image can be found, or a named one does not fit.</exception>
    /// <exception cref="FormatException">The model card is malformed.</exception>
    /// <exception cref="ArgumentException">The options contradict each other or name inputs the model lacks.</exception>
    public static Generator Open(string path, GeneratorOptions? options = null)
    {
        options ??= new GeneratorOptions();
        var notice = options.Notice ?? (_ => { });
        var model = OnnxModelReader.Read(path);
        var card = ModelCardLocator.Find(path, model);
        var summary = ModelInspector.Inspect(model);

        var names = LatentNames(path, options, card, summary);
        var latents = names.Select(name => OpenLatent(path, name, options, card, summary, names.Count, notice)).ToArray();
        foreach (string named in options.Priors?.Keys ?? [])
        {
            if (!names.Contains(named, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{path}: GeneratorOptions.Priors names '{named}', which is not a latent (latents: {string.Join(", ", names)})");
            }
        }

        var inputs = summary.Inputs.Where(i => !names.Contains(i.Name, StringComparer.Ordinal)).Select(i => OpenInput(path, i, card)).ToArray();
        foreach (var entry in card?.Inputs ?? [])
        {
            if (entry.Name is null || !inputs.Any(i => i.Name == entry.Name))
            {
                throw new FormatException($"{path}: the model card's input '{entry.Name}' is not a non-latent input of the model (inputs: {string.Join(", ", inputs.Select(i => i.Name))})");
            }
        }

        string image = options.ImageOutput ?? card?.Image?.Name ?? summary.ImageOutput?.Name
            ?? throw new InvalidOperationException($"{path}: no output looks like an image [N,C,H,W]; name it in GeneratorOptions.ImageOutput");
        var imageSignature = summary.Outputs.FirstOrDefault(o => o.Name == image)
            ?? throw new InvalidOperationException($"{path}: the model has no output '{image}' (outputs: {string.Join(", ", summary.Outputs.Select(o => o.Name))})");
        long[] imageShape = imageSignature.Dims?.Skip(1).Select((_, i) => imageSignature.FixedDim(i + 1) ?? -1).ToArray() ?? [];

        var range = options.OutputRange ?? FromCard(card?.Image?.Range, path) ?? GuessRange(model, image, notice, path);
        var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), options.Session);
        return new Generator(path, model, session, card, latents, inputs, image, imageShape, range);
    }

    /// <summary>The latent named <paramref name="name"/>, or null.</summary>
    public GeneratorLatent? FindLatent(string name) => Latents.FirstOrDefault(l => l.Name == name);

    /// <summary>The fixed input named <paramref name="name"/>, or null.</summary>
    public GeneratorInput? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    /// <summary>
    /// Runs G on <paramref name="count"/> latents laid out contiguously (a generator with one latent; its fixed
    /// inputs take the card's defaults); returns the images and their shape.
    /// </summary>
    public (float[] Images, long[] Shape) Generate(float[] latents, int count)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (Latents.Count != 1)
        {
            throw new InvalidOperationException($"{Path}: the generator has {Latents.Count} latents ({string.Join(", ", Latents.Select(l => l.Name))}); give each by name");
        }

        return Generate(new Dictionary<string, float[]> { [LatentInput] = latents }, count);
    }

    /// <summary>
    /// Runs G on <paramref name="count"/> samples: every latent by name (count × its size values), every fixed input
    /// from <paramref name="conditions"/> or its card default; returns the images and their shape.
    /// </summary>
    /// <exception cref="ArgumentException">A latent or a fixed input is missing or does not fit.</exception>
    public (float[] Images, long[] Shape) Generate(IReadOnlyDictionary<string, float[]> latents, int count, IReadOnlyDictionary<string, ConditionValue>? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new List<OrtValue>();
        try
        {
            var feeds = new List<(string, OrtValue)>();
            foreach (var latent in Latents)
            {
                if (!latents.TryGetValue(latent.Name, out var data))
                {
                    throw new ArgumentException($"{Path}: no values given for latent '{latent.Name}'");
                }

                if (data.Length != count * latent.Size)
                {
                    throw new ArgumentException($"latent '{latent.Name}': expected {count} × {latent.Size} values, got {data.Length}");
                }

                values.Add(OrtValue.CreateTensor<float>(data, [count, .. latent.Shape]));
                feeds.Add((latent.Name, values[^1]));
            }

            foreach (var rows in ResolveConditions(conditions))
            {
                rows.CheckCount(count);
                var tensor = ConditionTensor.Create(rows.Input, Math.Max(count, 1));
                for (int i = 0; i < (rows.Input.Batched ? count : 1); i++)
                {
                    tensor.WriteRow(i, rows.Row(i));
                }

                values.Add(tensor.CreateValue(count));
                feeds.Add((rows.Input.Name, values[^1]));
            }

            var outputs = _session.Run(feeds, [ImageOutput]);
            values.AddRange(outputs);
            var result = outputs[0];
            if (result.ElementType != TensorElementType.Float)
            {
                throw new InvalidOperationException($"{Path}: output '{ImageOutput}' is {result.ElementType}, not float32");
            }

            return (result.GetTensorData<float>().ToArray(), result.Shape.ToArray());
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    /// <summary>
    /// Every fixed input with its value: from <paramref name="given"/> (input name → value), else the card's default.
    /// </summary>
    /// <exception cref="ArgumentException">A value names no fixed input (or a latent), a required input has no value,
    /// or a value does not fit its input; the message names the input, its type and shape.</exception>
    internal IReadOnlyList<ConditionRows> ResolveConditions(IReadOnlyDictionary<string, ConditionValue>? given)
    {
        foreach (string name in given?.Keys ?? [])
        {
            if (FindInput(name) is null)
            {
                string why = FindLatent(name) is not null ? "it is a latent, which is optimised" : $"the model's fixed inputs are: {(Inputs.Count == 0 ? "none" : string.Join(", ", Inputs.Select(i => i.Name)))}";
                throw new ArgumentException($"{Path}: a condition value is given for '{name}', but {why}");
            }
        }

        var resolved = new List<ConditionRows>(Inputs.Count);
        foreach (var input in Inputs)
        {
            var value = given?.GetValueOrDefault(input.Name) ?? input.Default
                ?? throw new ArgumentException($"{Path}: input {input.Describe()} is neither a latent nor given a value; give it a condition value (or name it as a latent)");
            resolved.Add(ConditionRows.Resolve(input, value));
        }

        return resolved;
    }

    private static List<string> LatentNames(string path, GeneratorOptions options, ModelCard? card, ModelSummary summary)
    {
        if (options.Latents is not null && options.LatentInput is not null)
        {
            throw new ArgumentException($"{path}: set GeneratorOptions.Latents or GeneratorOptions.LatentInput, not both");
        }

        List<string>? names = options.Latents?.ToList()
            ?? (options.LatentInput is { } single ? new List<string> { single } : null)
            ?? card?.Latents?.Select(l => l.Name ?? throw new FormatException($"{path}: a latent in the model card has no name")).ToList()
            ?? (card?.Latent?.Name is { } carded ? new List<string> { carded } : null)
            ?? (summary.LatentCandidates.FirstOrDefault()?.Name is { } detected ? new List<string> { detected } : null)
            ?? throw new InvalidOperationException($"{path}: no input looks like a latent (float, rank 2 or [N,d,1,1]); name it in GeneratorOptions.LatentInput");
        if (names.Count == 0)
        {
            throw new ArgumentException($"{path}: the list of latents is empty");
        }

        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"{path}: latent '{twice.Key}' is named twice");
        }

        return names;
    }

    private static GeneratorLatent OpenLatent(string path, string latent, GeneratorOptions options, ModelCard? card, ModelSummary summary, int latentCount, Action<string> notice)
    {
        var signature = summary.Inputs.FirstOrDefault(i => i.Name == latent)
            ?? throw new InvalidOperationException($"{path}: the model has no input '{latent}' (inputs: {string.Join(", ", summary.Inputs.Select(i => i.Name))})");
        if (signature.ElementType != DataType.Float || signature.Dims is null)
        {
            throw new InvalidOperationException($"{path}: latent input '{latent}' is {signature}; a float32 input of known rank is required");
        }

        long[] shape = signature.Dims.Skip(1).Select((_, i) => signature.FixedDim(i + 1)
            ?? throw new InvalidOperationException($"{path}: latent input '{latent}' has a symbolic dimension at axis {i + 1}")).ToArray();

        var cardLatent = card?.Latents?.FirstOrDefault(l => l.Name == latent) ?? (card?.Latent?.Name == latent ? card.Latent : null);
        var prior = options.Priors?.GetValueOrDefault(latent) ?? options.Prior ?? FromCard(cardLatent?.Prior, path) ?? FromCard(card?.Prior, path);
        if (prior is null)
        {
            prior = new NormalPrior(0, 1);
            notice(latentCount == 1
                ? $"{path}: no prior given and no model card states one; assuming {prior}"
                : $"{path}: no prior given for latent '{latent}' and no model card states one; assuming {prior}");
        }

        return new GeneratorLatent(latent, shape, prior);
    }

    private static GeneratorInput OpenInput(string path, ValueSignature signature, ModelCard? card)
    {
        long[]? dims = signature.Dims?.Select((_, axis) => signature.FixedDim(axis) ?? -1).ToArray();
        var entry = card?.Inputs?.FirstOrDefault(i => i.Name == signature.Name);
        ConditionValue? value = entry?.Value is { } json ? FromCard(json, signature.Name, path) : null;
        return new GeneratorInput(signature.Name, (TensorElementType)(int)signature.ElementType, dims, value);
    }

    private static ConditionValue FromCard(JsonElement json, string name, string path)
    {
        try
        {
            return json.ValueKind switch
            {
                JsonValueKind.Number => ConditionValue.Scalar(json.GetDouble()),
                JsonValueKind.True or JsonValueKind.False => ConditionValue.Scalar(json.GetBoolean() ? 1 : 0),
                JsonValueKind.Array when json.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number) =>
                    ConditionValue.FromRows([.. json.EnumerateArray().Select(e => e.GetDouble())], 1),
                _ => throw new FormatException($"{path}: the model card's value for input '{name}' must be a number or a flat array of numbers"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: the model card's value for input '{name}' is invalid: {ex.Message}", ex);
        }
    }

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
