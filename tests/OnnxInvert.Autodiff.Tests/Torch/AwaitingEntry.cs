namespace OnnxInvert.Autodiff.Tests.Torch;

/// <summary>Why a corpus case is not checked yet: its kind, the reason in words, and for rules the op types.</summary>
internal sealed record AwaitingEntry(AwaitingKind Kind, string Reason, IReadOnlyList<string> Ops)
{
    public AwaitingEntry(AwaitingKind kind, string reason)
        : this(kind, reason, [])
    {
    }
}

/// <summary>What a corpus case waits for (issue 13).</summary>
internal enum AwaitingKind
{
    /// <summary>The model was exported with a fixed batch.</summary>
    FixedBatch,

    /// <summary>A latent has symbolic dimensions besides the batch.</summary>
    SymbolicLatentDims,

    /// <summary>The image to invert is an intermediate tensor, not a graph output.</summary>
    ImageNotGraphOutput,

    /// <summary>The latent to optimise is an intermediate tensor (a cut point).</summary>
    CutPoint,

    /// <summary>Ops between the latent and the image have no gradient rule yet.</summary>
    GradientRules,
}
