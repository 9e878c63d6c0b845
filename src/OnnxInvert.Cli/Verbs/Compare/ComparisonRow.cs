using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Compare;

/// <summary>One model's line of a comparison: its score, or the error that stopped it.</summary>
internal sealed record ComparisonRow
{
    /// <summary>The model file as given on the command line.</summary>
    public required string Model { get; init; }

    /// <summary>The score; null when the model failed.</summary>
    public ModelScore? Score { get; init; }

    /// <summary>Why the model failed; null when it was scored.</summary>
    public string? Error { get; init; }

    /// <summary>The prior the inversion used (the model card's unless --prior was given); null when unknown.</summary>
    public string? Prior { get; init; }

    /// <summary>The model's inversion folder relative to --out (latents, reconstructions, metrics.csv), or null.</summary>
    public string? Folder { get; init; }

    /// <summary>Whether the model failed.</summary>
    public bool Failed => Score is null;
}
