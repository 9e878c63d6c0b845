using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>An item finished by an earlier run, found by <see cref="ReuseIndex"/>.</summary>
public sealed record ReusedItem
{
    /// <summary>The item's id (<c>source</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The folder that holds it (a shard folder or an unsharded run folder).</summary>
    public required string Folder { get; init; }

    /// <summary>Its row in that folder.</summary>
    public required int Row { get; init; }

    /// <summary>Its latent (one row of the folder's latents.npy).</summary>
    public required float[] Latent { get; init; }

    /// <summary>Its result object from the folder's state.json (index, source, loss, mse, mae, psnr, steps, ...).</summary>
    public required JsonObject Result { get; init; }
}
