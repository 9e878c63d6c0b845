using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>One latent input of an adapted model.</summary>
public sealed record AdaptedLatent
{
    /// <summary>The input's name (for a cut point, the name of the tensor the graph was cut at).</summary>
    public required string Name { get; init; }

    /// <summary>The shape per sample, without the batch axis; every dimension fixed.</summary>
    public required long[] Shape { get; init; }

    /// <summary>
    /// For a cut point: the removed subgraph as a model of its own (the original inputs it needs → this tensor, as
    /// output <see cref="Name"/>), for <see cref="CutLatentMean"/>; null for a latent that was a graph input already.
    /// </summary>
    public ModelProto? Producer { get; init; }

    /// <summary>True when the latent is an intermediate tensor the graph was cut at.</summary>
    public bool IsCut => Producer is not null;

    /// <summary>Elements per sample.</summary>
    public long Size => Shape.Aggregate(1L, (a, d) => a * d);
}
