namespace OnnxInvert.Autodiff;

/// <summary>Which inputs of a generator are differentiated (the latents) and with respect to which outputs.</summary>
public sealed record GradientSpec
{
    /// <summary>Creates a spec; both lists must be non-empty and free of duplicates.</summary>
    public GradientSpec(IReadOnlyList<string> latents, IReadOnlyList<string> outputs)
    {
        if (latents.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException("a gradient needs at least one latent input and one output");
        }

        if (latents.Distinct(StringComparer.Ordinal).Count() != latents.Count || outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Count)
        {
            throw new ArgumentException("latent and output names must not repeat");
        }

        Latents = latents;
        Outputs = outputs;
    }

    /// <summary>The latent inputs (z, w, w+, noise maps).</summary>
    public IReadOnlyList<string> Latents { get; }

    /// <summary>The outputs whose cotangents are pulled back.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The name of the cotangent input for <paramref name="output"/> in a VJP graph.</summary>
    public static string CotangentName(string output) => output + "_grad";

    /// <summary>The name of the gradient output for <paramref name="latent"/>.</summary>
    public static string GradientName(string latent) => latent + "_grad";
}
