using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>What <see cref="ShardMerger.Merge"/> wrote.</summary>
public sealed record MergeResult
{
    /// <summary>The merged folder.</summary>
    public required string Folder { get; init; }

    /// <summary>How many shards were merged.</summary>
    public required int Shards { get; init; }

    /// <summary>How many items the merged folder holds (every item of the input).</summary>
    public required int Items { get; init; }

    /// <summary>Items whose loss was not finite (left out of the means).</summary>
    public required int Failed { get; init; }

    /// <summary>Per-item MSE over the items that did not fail; null when every item failed.</summary>
    public required ErrorSummary? Mse { get; init; }

    /// <summary>Per-item MAE, as <see cref="Mse"/>.</summary>
    public required ErrorSummary? Mae { get; init; }

    /// <summary>Per-item PSNR in dB, as <see cref="Mse"/>.</summary>
    public required ErrorSummary? Psnr { get; init; }
}
