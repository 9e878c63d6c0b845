using System.Globalization;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>The rows given with the targets (<see cref="InversionTargets.InitialLatents"/>), for <see cref="LatentInitialization.Given"/>.</summary>
internal sealed class TargetLatentsStart : LatentStart
{
    public static TargetLatentsStart Instance { get; } = new();

    /// <summary>From a feed other than a fixed set, each target must bring its own (<see cref="FeedTarget.StartLatents"/>).</summary>
    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape)
    {
        if (feed is not TargetsFeed { Targets: var targets })
        {
            return StartValues.PerTarget(target => throw new ArgumentException($"initialisation from given latents: target '{target.Name}' (index {target.Index}) brings no starting values for latent '{latent.Name}'"));
        }

        if (targets.InitialLatents is null || targets.InitialLatents.Length != targets.Count * latent.Size)
        {
            throw new ArgumentException($"initialisation from given latents needs {targets.Count} × {latent.Size} initial latent values, got {targets.InitialLatents?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"}", "targets");
        }

        return StartValues.Rows(targets.InitialLatents, "the given initial latents");
    }

    public override string ToString() => "given";
}
