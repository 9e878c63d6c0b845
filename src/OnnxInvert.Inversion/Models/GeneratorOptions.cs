using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

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

    /// <summary>The image output's name.</summary>
    public string? ImageOutput { get; init; }

    /// <summary>The prior of every latent not named in <see cref="Priors"/> (over the card's).</summary>
    public Prior? Prior { get; init; }

    /// <summary>The image output's value range.</summary>
    public (float Low, float High)? OutputRange { get; init; }

    /// <summary>ONNX Runtime session settings.</summary>
    public SessionSettings Session { get; init; } = new();

    /// <summary>Receives one-line notices (a guessed setting, a provider fallback).</summary>
    public Action<string>? Notice { get; init; }
}
