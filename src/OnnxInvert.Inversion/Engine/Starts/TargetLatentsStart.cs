using System.Globalization;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>The rows given with the targets (<see cref="InversionTargets.InitialLatents"/>), for <see cref="LatentInitialization.Given"/>.</summary>
internal sealed class TargetLatentsStart : LatentStart
{
    public static TargetLatentsStart Instance { get; } = new();

    internal override StartValues? Begin(InversionTargets targets, GeneratorLatent latent, IReadOnlyList<long> imageShape)
    {
        if (targets.InitialLatents is null || targets.InitialLatents.Length != targets.Count * latent.Size)
        {
            throw new ArgumentException($"initialisation from given latents needs {targets.Count} × {latent.Size} initial latent values, got {targets.InitialLatents?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"}", nameof(targets));
        }

        return StartValues.Rows(targets.InitialLatents);
    }

    public override string ToString() => "given";
}
