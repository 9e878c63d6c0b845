using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// What a generator's publisher states about it (file <c>model-card.json</c> beside the model, or the model's
/// metadata entry <c>onnxinvert.model_card</c>): its prior, latent input(s) with their priors, fixed (condition) inputs
/// with default values, image output and output range. Every field is optional; settings given by the user override it.
/// </summary>
public sealed record ModelCard
{
    /// <summary>The card's file name when stored beside the model.</summary>
    public const string FileName = "model-card.json";

    /// <summary>The metadata_props key under which a card may be embedded in the model.</summary>
    public const string MetadataKey = "onnxinvert.model_card";

    /// <summary>How card JSON is read (snake_case names, comments and trailing commas allowed).</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>A short name of the model.</summary>
    public string? Name { get; init; }

    /// <summary>The architecture as the card describes it (free-form JSON).</summary>
    public JsonElement? Architecture { get; init; }

    /// <summary>The latent prior.</summary>
    public PriorCard? Prior { get; init; }

    /// <summary>The latent input (a model with one latent).</summary>
    public LatentCard? Latent { get; init; }

    /// <summary>The latent inputs, in order, when the model has several (takes precedence over <see cref="Latent"/>).</summary>
    public IReadOnlyList<LatentCard>? Latents { get; init; }

    /// <summary>Inputs held fixed during inversion, with their default values.</summary>
    public IReadOnlyList<InputCard>? Inputs { get; init; }

    /// <summary>The image output.</summary>
    public ImageCard? Image { get; init; }

    /// <summary>An encoder published with the generator for hybrid inversion (optional).</summary>
    public EncoderCard? Encoder { get; init; }

    /// <summary>
    /// The files the card describes, by name relative to the card's folder: an object per file (its <c>sha256</c>,
    /// checked against the model file when it is opened, and free-form facts such as <c>bytes</c>) or a note.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Files { get; init; }

    /// <summary>Parses a card from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">The JSON is malformed or has fields of the wrong type.</exception>
    public static ModelCard Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(json, JsonOptions)
                ?? throw new FormatException($"{source}: the model card is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: invalid model card ({ex.Message})", ex);
        }
    }

    /// <summary>The model's latent prior as declared.</summary>
    public sealed record PriorCard
    {
        /// <summary>"uniform" or "normal".</summary>
        public string? Kind { get; init; }

        /// <summary>Uniform lower bound.</summary>
        public float? Low { get; init; }

        /// <summary>Uniform upper bound.</summary>
        public float? High { get; init; }

        /// <summary>Normal mean.</summary>
        public float? Mean { get; init; }

        /// <summary>Normal standard deviation.</summary>
        public float? Std { get; init; }
    }

    /// <summary>The latent input as declared.</summary>
    public sealed record LatentCard
    {
        /// <summary>The graph input's name.</summary>
        public string? Name { get; init; }

        /// <summary>This latent's prior (the card's top-level <see cref="ModelCard.Prior"/> when absent).</summary>
        public PriorCard? Prior { get; init; }
    }

    /// <summary>
    /// A graph input held fixed during inversion (a class label, a one-hot vector): its name and default value, a
    /// number broadcast to every element of every image's row or a flat array giving the row every image shares.
    /// </summary>
    public sealed record InputCard
    {
        /// <summary>The graph input's name.</summary>
        public string? Name { get; init; }

        /// <summary>The default value: a number or a flat array of numbers.</summary>
        public JsonElement? Value { get; init; }
    }

    /// <summary>
    /// An encoder E published with the generator: an ONNX model mapping images [B, C, H, W] in the generator's output
    /// range to latents [B, latent dims...], used to start hybrid inversion (<c>--init encoder</c>). Other fields
    /// (architecture, training) are free-form and ignored.
    /// </summary>
    public sealed record EncoderCard
    {
        /// <summary>The encoder's file, relative to the card's folder (e.g. "encoder.onnx").</summary>
        public string? File { get; init; }
    }

    /// <summary>The image output as declared.</summary>
    public sealed record ImageCard
    {
        /// <summary>The graph output's name.</summary>
        public string? Name { get; init; }

        /// <summary>The value range [low, high] of the output's pixels, e.g. [0, 1] or [-1, 1].</summary>
        [JsonPropertyName("range")]
        public float[]? Range { get; init; }
    }
}
