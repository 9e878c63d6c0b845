using System.Globalization;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>Values given up front, a row per target.</summary>
internal sealed class GivenStart : LatentStart
{
    private readonly float[] _values;

    public GivenStart(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape)
    {
        string what = $"the given start of latent '{latent.Name}'";
        if (feed is not TargetsFeed { Targets: var targets })
        {
            return StartValues.Rows(_values, what);
        }

        if (_values.Length != targets.Count * latent.Size)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the given start of latent '{latent.Name}' has {_values.Length} values; {targets.Count} targets need {targets.Count} × {latent.Size}"), "targets");
        }

        return StartValues.Rows(_values, what);
    }

    public override string ToString() => "given";
}
