using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models;

/// <summary>How to open a generator; every field left null is taken from the model card, then detected from the graph.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The latent input's name.</summary>
    public string? LatentInput { get; init; }

    /// <summary>The image output's name.</summary>
    public string? ImageOutput { get; init; }

    /// <summary>The latent prior.</summary>
    public Prior? Prior { get; init; }

    /// <summary>The image output's value range.</summary>
    public (float Low, float High)? OutputRange { get; init; }

    /// <summary>ONNX Runtime session settings.</summary>
    public SessionSettings Session { get; init; } = new();

    /// <summary>Receives one-line notices (a guessed setting, a provider fallback).</summary>
    public Action<string>? Notice { get; init; }
}
