using System.Text.Json;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// A generator G: latents → image, opened from an ONNX file with its card: which inputs are latents (each with its
/// shape and prior), which other inputs are held fixed (conditions), which output is the image and its range, each
/// from explicit options, the card, or detection (in that order).
/// </summary>
public sealed class Generator : IDisposable
{
    private readonly OrtSession _session;
    private readonly IReadOnlyDictionary<string, Prior> _producerPriors;

    private Generator(string path, ModelProto source, AdaptedModel adapted, OrtSession session, ModelCard? card, IReadOnlyList<GeneratorLatent> latents, IReadOnlyList<GeneratorInput> inputs, PixelRange range, IReadOnlyDictionary<string, Prior> producerPriors)
    {
        Path = path;
        SourceModel = source;
        Adapted = adapted;
        _session = session;
        Card = card;
        Latents = latents;
        Inputs = inputs;
        OutputRange = range;
        _producerPriors = producerPriors;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>
    /// The model the engine runs and differentiates: the adapted copy of <see cref="SourceModel"/> (latents as inputs
    /// with fixed per-sample shapes, one float NCHW image output; see <see cref="Adapted"/>).
    /// </summary>
    public ModelProto Model => Adapted.Model;

    /// <summary>The model as read (external data inlined), not modified.</summary>
    public ModelProto SourceModel { get; }

    /// <summary>What adapting the model did: cut points, layout, fixed batch, inferred range, changes.</summary>
    public AdaptedModel Adapted { get; }

    /// <summary>The model card, if any.</summary>
    public ModelCard? Card { get; }

    /// <summary>Every latent input, in order (at least one).</summary>
    public IReadOnlyList<GeneratorLatent> Latents { get; }

    /// <summary>The inputs of <see cref="Model"/> that are not latents: held fixed at a given value (conditions).</summary>
    public IReadOnlyList<GeneratorInput> Inputs { get; }

    /// <summary>The first latent input's name.</summary>
    public string LatentInput => Latents[0].Name;

    /// <summary>The first latent's shape per sample (without the batch axis).</summary>
    public long[] LatentShape => [.. Latents[0].Shape];

    /// <summary>The first latent's elements per sample.</summary>
    public int LatentSize => Latents[0].Size;

    /// <summary>The image output's name in <see cref="Model"/> (float NCHW).</summary>
    public string ImageOutput => Adapted.ImageOutput;

    /// <summary>The image shape per sample [C, H, W].</summary>
    public long[] ImageShape => Adapted.ImageShape;

    /// <summary>The layout of the source model's image tensor (images written back can follow it).</summary>
    public ImageLayout Layout => Adapted.Layout;

    /// <summary>Null when <see cref="Model"/> runs at any batch size; else the only batch it runs at (it is called per chunk).</summary>
    public long? FixedBatch => Adapted.FixedBatch;

    /// <summary>The first latent's prior.</summary>
    public Prior Prior => Latents[0].Prior;

    /// <summary>The image output's value range.</summary>
    public PixelRange OutputRange { get; }

    /// <summary>Opens the generator at <paramref name="path"/>, adapting a copy of it (<see cref="ModelAdapter"/>).</summary>
    /// <exception cref="InvalidOperationException">No latent or image can be found, or a named one does not fit
    /// (<see cref="ModelAdaptationException"/> when the model cannot be adapted).</exception>
    /// <exception cref="FormatException">The model card is malformed.</exception>
    /// <exception cref="ArgumentException">The options contradict each other or name inputs the model lacks.</exception>
    public static Generator Open(string path, GeneratorOptions? options = null)
    {
        options ??= new GeneratorOptions();
        var notice = options.Notice ?? (_ => { });
        var (model, sha256) = OnnxModelReader.ReadWithSha256(path);
        var (card, cardFile) = ModelCardLocator.Locate(path, model);
        if (card is not null && cardFile is not null)
        {
            ModelCardChecksum.Check(card, cardFile, path, sha256, notice);
        }

        var metadataPrior = MetadataPrior.Read(path, model, notice);
        var summary = ModelInspector.Inspect(model);

        var named = LatentNames(path, options, card);
        var rangeGiven = options.OutputRange ?? FromCard(card?.Image?.Range, path);
        var adapted = ModelAdapter.Adapt(model, new AdaptationRequest
        {
            ModelName = path,
            Image = options.ImageOutput ?? card?.Image?.Name,
            Latents = named ?? [],
            Layout = options.Layout,
            ImageShape = options.ImageShape,
            InputShapes = options.InputShapes ?? new Dictionary<string, long[]>(StringComparer.Ordinal),
            TargetSize = options.TargetSize,
            RewriteFixedBatch = options.RewriteFixedBatch,
            ReportUntracedRange = false,
        }, notice);
        foreach (string change in adapted.Changes)
        {
            notice($"{path}: {change}");
        }

        var names = adapted.Latents.Select(l => l.Name).ToList();
        var latents = adapted.Latents.Select(l => OpenLatent(path, l, options, card, l.IsCut ? null : metadataPrior, names.Count, notice)).ToArray();
        foreach (string prior in options.Priors?.Keys ?? [])
        {
            if (!names.Contains(prior, StringComparer.Ordinal) && !adapted.Latents.Any(l => ProducerInputs(l).Any(i => i.Name == prior)))
            {
                throw new ArgumentException($"{path}: GeneratorOptions.Priors names '{prior}', which is not a latent (latents: {string.Join(", ", names)})");
            }
        }

        var inputs = adapted.OtherInputs.Select(i => OpenInput(path, i, card)).ToArray();
        foreach (var entry in card?.Inputs ?? [])
        {
            bool removedByCut = summary.Inputs.Any(i => i.Name == entry.Name) && !adapted.Model.Graph.Input.Any(i => i.Name == entry.Name);
            if (entry.Name is null || (!inputs.Any(i => i.Name == entry.Name) && !removedByCut))
            {
                throw new FormatException($"{path}: the model card's input '{entry.Name}' is not a non-latent input of the model (inputs: {string.Join(", ", inputs.Select(i => i.Name))})");
            }
        }

        var range = rangeGiven ?? (adapted.Range is { } traced ? new PixelRange(traced.Low, traced.High) : OutputRangeInference.Guess(model, adapted.ImageSource, notice, path));
        var producerPriors = adapted.Latents.SelectMany(ProducerInputs).Select(i => i.Name).Distinct(StringComparer.Ordinal)
            .ToDictionary(n => n, n => ProducerPrior(path, n, options, card, metadataPrior), StringComparer.Ordinal);
        var session = OpenSession(path, adapted.Model, options.Session);
        return new Generator(path, model, adapted, session, card, latents, inputs, range, producerPriors);
    }

    /// <summary>
    /// The mean of cut-point latent <paramref name="latent"/> over <paramref name="draws"/> runs of the subgraph that
    /// produced it, its inputs drawn from their priors (StyleGAN's w_avg; <see cref="CutLatentMean"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The latent is not a cut point of this generator.</exception>
    public float[] MeanOfCut(string latent, int draws, int seed = 0)
    {
        var cut = Adapted.Latents.FirstOrDefault(l => l.Name == latent)
            ?? throw new ArgumentException($"{Path}: '{latent}' is not a latent of the generator (latents: {string.Join(", ", Latents.Select(l => l.Name))})", nameof(latent));
        if (!cut.IsCut)
        {
            throw new ArgumentException($"{Path}: latent '{latent}' is a graph input, not a cut point; it has no producing subgraph to average", nameof(latent));
        }

        string first = ProducerInputs(cut).Where(i => i.ElementType == DataType.Float).Select(i => i.Name).FirstOrDefault() ?? string.Empty;
        return OnnxInvert.Inversion.Models.Adaptation.CutLatentMean.Compute(cut, _producerPriors.GetValueOrDefault(first) ?? new NormalPrior(0, 1), draws, seed);
    }

    /// <summary>The runtime session of <paramref name="model"/>; a model the runtime refuses is an <see cref="OrtException"/> naming <paramref name="path"/>.</summary>
    private static OrtSession OpenSession(string path, ModelProto model, SessionSettings settings)
    {
        try
        {
            return OrtSession.FromBytes(OnnxModelWriter.ToBytes(model), settings);
        }
        catch (OrtException ex) when (!ex.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new OrtException(ex.ErrorCode, $"{path}: {ex.Message}", ex);
        }
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
        }

        var rows = ResolveConditions(conditions);
        foreach (var row in rows)
        {
            row.CheckCount(count);
        }

        if (FixedBatch is not { } fixedBatch)
        {
            return RunChunk(latents, rows, 0, count, count);
        }

        // The model runs at its fixed batch only: call it per chunk, the last one padded with copies of its first sample.
        int chunk = (int)fixedBatch;
        int length = (int)ImageShape.Aggregate(1L, (a, d) => a * d);
        var images = new float[count * length];
        for (int offset = 0; offset < count; offset += chunk)
        {
            int used = Math.Min(chunk, count - offset);
            var (part, _) = RunChunk(latents, rows, offset, used, chunk);
            part.AsSpan(0, used * length).CopyTo(images.AsSpan(offset * length));
        }

        return (images, [count, .. ImageShape]);
    }

    /// <summary>Runs samples [offset, offset + used) as one call of <paramref name="size"/> samples (padding repeats sample offset).</summary>
    private (float[] Images, long[] Shape) RunChunk(IReadOnlyDictionary<string, float[]> latents, IReadOnlyList<ConditionRows> rows, int offset, int used, int size)
    {
        var values = new List<OrtValue>();
        try
        {
            var feeds = new List<(string, OrtValue)>();
            foreach (var latent in Latents)
            {
                var data = latents[latent.Name];
                var part = new float[size * latent.Size];
                for (int s = 0; s < size; s++)
                {
                    int from = offset + (s < used ? s : 0);
                    data.AsSpan(from * latent.Size, latent.Size).CopyTo(part.AsSpan(s * latent.Size));
                }

                values.Add(OrtValue.CreateTensor<float>(part, [size, .. latent.Shape]));
                feeds.Add((latent.Name, values[^1]));
            }

            foreach (var row in rows)
            {
                var tensor = ConditionTensor.Create(row.Input, Math.Max(size, 1));
                for (int s = 0; s < (row.Input.Batched ? size : 1); s++)
                {
                    tensor.WriteRow(s, row.Row(offset + (s < used ? s : 0)));
                }

                values.Add(tensor.CreateValue(size));
                feeds.Add((row.Input.Name, values[^1]));
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
    /// Checks condition values before any run: each must name a fixed input and fit its element type and row length.
    /// Inputs without a value are not an error here (a VJP model or a description takes them later).
    /// </summary>
    /// <param name="given">The condition values, by input name.</param>
    /// <param name="images">When known, the number of images: a value with rows must then have one row or one per image.</param>
    /// <exception cref="ArgumentException">A value names no fixed input or does not fit it; the message names the model, the input, its type and shape.</exception>
    public void CheckConditions(IReadOnlyDictionary<string, ConditionValue> given, int? images = null)
    {
        ArgumentNullException.ThrowIfNull(given);
        foreach (var rows in ResolveConditions(given, requireAll: false))
        {
            if (images is { } count)
            {
                try
                {
                    rows.CheckCount(count);
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"{Path}: {ex.Message}", ex);
                }
            }
        }
    }

    /// <summary>
    /// The fixed inputs' values for one call of <paramref name="count"/> samples, as float64 with their shapes (for
    /// gradient checks and tools; the engine feeds conditions itself): a shared value goes to every sample; a value
    /// with a row per image gives sample i row i, cycling when it has fewer rows than <paramref name="count"/>. Inputs
    /// with neither a given value nor a card default are left out.
    /// </summary>
    /// <exception cref="ArgumentException">A value names no fixed input or does not fit its input; the message names
    /// the input, its type and shape.</exception>
    public IReadOnlyDictionary<string, (double[] Values, long[] Shape)> ConditionBatch(IReadOnlyDictionary<string, ConditionValue>? given, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var batch = new Dictionary<string, (double[], long[])>(StringComparer.Ordinal);
        foreach (var rows in ResolveConditions(given, requireAll: false))
        {
            int samples = rows.Input.Batched ? count : 1;
            var values = new double[samples * rows.RowLength];
            for (int s = 0; s < samples; s++)
            {
                rows.Row(rows.Shared ? 0 : s % rows.Count).CopyTo(values.AsSpan(s * rows.RowLength));
            }

            long[] shape = rows.Input.Batched ? [count, .. rows.Input.Dims!.Skip(1)] : [];
            batch[rows.Input.Name] = (values, shape);
        }

        return batch;
    }

    /// <summary>
    /// Every fixed input with its value: from <paramref name="given"/> (input name → value), else the card's default.
    /// </summary>
    /// <exception cref="ArgumentException">A value names no fixed input (or a latent), a required input has no value,
    /// or a value does not fit its input; the message names the input, its type and shape.</exception>
    /// <remarks>An input named in <paramref name="perTarget"/> without a value of its own takes it from each target (<see cref="ConditionRows.ForEachTarget"/>).</remarks>
    internal IReadOnlyList<ConditionRows> ResolveConditions(IReadOnlyDictionary<string, ConditionValue>? given, IReadOnlyCollection<string>? perTarget = null) => ResolveConditions(given, requireAll: true, perTarget);

    private List<ConditionRows> ResolveConditions(IReadOnlyDictionary<string, ConditionValue>? given, bool requireAll, IReadOnlyCollection<string>? perTarget = null)
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
            var value = given?.GetValueOrDefault(input.Name) ?? input.Default;
            if (value is null)
            {
                if (!requireAll)
                {
                    continue;
                }

                if (perTarget?.Contains(input.Name) == true)
                {
                    resolved.Add(ConditionRows.ForEachTarget(input));
                    continue;
                }

                throw new ArgumentException($"{Path}: input {input.Describe()} is neither a latent nor given a value; give it a condition value (or name it as a latent)");
            }

            try
            {
                resolved.Add(ConditionRows.Resolve(input, value));
            }
            catch (ArgumentException ex) when (!ex.Message.StartsWith(Path, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{Path}: {ex.Message}", ex);
            }
        }

        return resolved;
    }

    private static List<string>? LatentNames(string path, GeneratorOptions options, ModelCard? card)
    {
        if (options.Latents is not null && options.LatentInput is not null)
        {
            throw new ArgumentException($"{path}: set GeneratorOptions.Latents or GeneratorOptions.LatentInput, not both");
        }

        List<string>? names = options.Latents?.ToList()
            ?? (options.LatentInput is { } single ? new List<string> { single } : null)
            ?? card?.Latents?.Select(l => l.Name ?? throw new FormatException($"{path}: a latent in the model card has no name")).ToList()
            ?? (card?.Latent?.Name is { } carded ? new List<string> { carded } : null);
        if (names is { Count: 0 })
        {
            throw new ArgumentException($"{path}: the list of latents is empty");
        }

        if (names?.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"{path}: latent '{twice.Key}' is named twice");
        }

        return names;
    }

    // metadataPrior: the prior the model's metadata states (MetadataPrior), used when neither the options nor the card
    // give one; null for a cut-point latent, which is not the model input the metadata describes.
    private static GeneratorLatent OpenLatent(string path, AdaptedLatent latent, GeneratorOptions options, ModelCard? card, Prior? metadataPrior, int latentCount, Action<string> notice)
    {
        var prior = LatentPrior(path, latent.Name, options, card);
        if (prior is null && metadataPrior is not null)
        {
            prior = metadataPrior;
            notice(latentCount == 1
                ? $"{path}: prior {prior} from the model's metadata ({MetadataPrior.Key}); no model card states one"
                : $"{path}: prior {prior} for latent '{latent.Name}' from the model's metadata ({MetadataPrior.Key}); no model card states one");
        }

        if (prior is null)
        {
            prior = new NormalPrior(0, 1);
            notice(latentCount == 1
                ? $"{path}: no prior given and neither a model card nor the model's metadata states one; assuming {prior}"
                : $"{path}: no prior given for latent '{latent.Name}' and neither a model card nor the model's metadata states one; assuming {prior}");
        }

        return new GeneratorLatent(latent.Name, latent.Shape, prior);
    }

    private static Prior? LatentPrior(string path, string latent, GeneratorOptions options, ModelCard? card)
    {
        var cardLatent = card?.Latents?.FirstOrDefault(l => l.Name == latent) ?? (card?.Latent?.Name == latent ? card.Latent : null);
        return options.Priors?.GetValueOrDefault(latent) ?? options.Prior ?? FromCard(cardLatent?.Prior, path) ?? FromCard(card?.Prior, path);
    }

    /// <summary>The prior the source input <paramref name="input"/> of a cut point's producer is drawn from.</summary>
    private static Prior ProducerPrior(string path, string input, GeneratorOptions options, ModelCard? card, Prior? metadataPrior)
    {
        var cardLatent = card?.Latents?.FirstOrDefault(l => l.Name == input) ?? (card?.Latent?.Name == input ? card.Latent : null);
        return options.Priors?.GetValueOrDefault(input) ?? FromCard(cardLatent?.Prior, path) ?? FromCard(card?.Prior, path) ?? metadataPrior ?? new NormalPrior(0, 1);
    }

    private static IEnumerable<ValueSignature> ProducerInputs(AdaptedLatent latent)
    {
        if (latent.Producer?.Graph is not { } graph)
        {
            return [];
        }

        var weights = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return graph.Input.Where(i => !weights.Contains(i.Name)).Select(ValueSignature.From).ToArray();
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

    private static Prior? FromCard(ModelCard.PriorCard? card, string path) => CardPrior.ToPrior(card, $"{path}: the model card's prior");

    private static PixelRange? FromCard(float[]? range, string path) => range switch
    {
        null => null,
        [float low, float high] when float.IsFinite(low) && float.IsFinite(high) && low < high => new PixelRange(low, high),
        _ => throw new FormatException($"{path}: the model card's image range must be [low, high] with low < high"),
    };
}
