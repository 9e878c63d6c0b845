using System.Globalization;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>
/// For a cut-point latent (an intermediate tensor such as StyleGAN's w): the mean of that tensor over draws of the
/// removed subgraph's inputs from their prior (the StyleGAN projector's w_avg), the same row for every target.
/// </summary>
internal sealed class CutMeanStart : LatentStart
{
    /// <summary>Prior draws averaged when no count is given.</summary>
    public const int DefaultDraws = 1024;

    private readonly string _latent;
    private readonly float[] _mean;
    private readonly int _draws;

    public CutMeanStart(string latent, float[] mean, int draws)
    {
        ArgumentNullException.ThrowIfNull(mean);
        _latent = latent;
        _mean = mean;
        _draws = draws;
    }

    internal override void Check(GeneratorLatent latent, IReadOnlyList<long> imageShape)
    {
        if (latent.Name != _latent || latent.Size != _mean.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the mean start computed for cut latent '{_latent}' ({_mean.Length} values) does not fit latent '{latent.Name}' ({latent.Size} values)"));
        }
    }

    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape) => StartValues.Repeat(_mean);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cut-mean({_draws} draws)");
}
