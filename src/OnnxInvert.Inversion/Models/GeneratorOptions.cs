using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Models;

/// <summary>How to open a generator; every field left null is taken from the model card, then detected from the graph.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The latent input's name (a model with one latent; use <see cref="Latents"/> for several).</summary>
    public string? LatentInput { get; init; }

    /// <summary>The latent inputs' names, in order (the first is <see cref="Generator.LatentInput"/>); set this or
    /// <see cref="LatentInput"/>, not both.</summary>
    public IReadOnlyList<string>? Latents { get; init; }

    /// <summary>A prior per latent name, over <see cref="Prior"/> and the card.</summary>
    public IReadOnlyDictionary<string, Prior>? Priors { get; init; }

    /// <summary>
    /// The image tensor: a graph output or any float tensor of the graph (the graph is cut there, dropping
    /// post-processing tails and other outputs). Latents may likewise name intermediate float tensors (cut points).
    /// </summary>
    public string? ImageOutput { get; init; }

    /// <summary>The image tensor's layout; null detects it from its shape (<see cref="ModelAdapter"/>).</summary>
    public ImageLayout? Layout { get; init; }

    /// <summary>The image shape [C, H, W]: required for a flat image output, otherwise a check and a hint for detection.</summary>
    public IReadOnlyList<long>? ImageShape { get; init; }

    /// <summary>
    /// Per-sample shapes (without the batch axis) of inputs with symbolic dimensions, by input name (a fully
    /// convolutional latent: "z" → [4, 32, 32]); otherwise such dimensions are probed from <see cref="TargetSize"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long[]>? InputShapes { get; init; }

    /// <summary>The targets' size (height, width), for probing symbolic latent dimensions.</summary>
    public (long Height, long Width)? TargetSize { get; init; }

    /// <summary>
    /// Whether a fixed batch may be made symbolic in the adapted copy (checked by running both graphs); false keeps it,
    /// and the engine calls the model per chunk of its batch size.
    /// </summary>
    public bool RewriteFixedBatch { get; init; } = true;

    /// <summary>The prior of every latent not named in <see cref="Priors"/> (over the card's).</summary>
    public Prior? Prior { get; init; }

    /// <summary>The image output's value range.</summary>
    public PixelRange? OutputRange { get; init; }

    /// <summary>ONNX Runtime session settings.</summary>
    public SessionSettings Session { get; init; } = new();

    /// <summary>Receives one-line notices (a guessed setting, a provider fallback).</summary>
    public Action<string>? Notice { get; init; }
}
