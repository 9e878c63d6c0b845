using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Models;

/// <summary>One latent input of a generator: the graph input's name, its shape per sample and its prior.</summary>
/// <param name="Name">The graph input's name.</param>
/// <param name="Shape">The shape per sample (without the batch axis).</param>
/// <param name="Prior">The distribution the generator was trained to sample this latent from.</param>
public sealed record GeneratorLatent(string Name, IReadOnlyList<long> Shape, Prior Prior)
{
    /// <summary>Elements per sample.</summary>
    public int Size => (int)Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>"w [8] normal:0,1".</summary>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}] {Prior}";
}
