namespace OnnxInvert.Inversion.Constraints;

/// <summary>Leaves the latents free.</summary>
internal sealed class NoConstraint : LatentConstraint
{
    public static NoConstraint Instance { get; } = new();

    public override string ToString() => "none";
}
