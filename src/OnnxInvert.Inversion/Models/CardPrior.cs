using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Models;

/// <summary>The prior a card's <see cref="ModelCard.PriorCard"/> states (one conversion for the card and the model's metadata).</summary>
internal static class CardPrior
{
    /// <summary>
    /// The prior <paramref name="card"/> states, or null when it states none (no kind, or kind "none": no known prior,
    /// the W+ of a StyleGAN). <paramref name="what"/> names it in errors ("FILE: the model card's prior").
    /// </summary>
    /// <exception cref="FormatException">The kind is unknown or the parameters are invalid.</exception>
    public static Prior? ToPrior(ModelCard.PriorCard? card, string what)
    {
        if (card?.Kind is null)
        {
            return null;
        }

        try
        {
            return card.Kind.ToLowerInvariant() switch
            {
                "none" => null,
                "uniform" => new UniformPrior(card.Low ?? -1, card.High ?? 1),
                "normal" or "gaussian" => new NormalPrior(card.Mean ?? 0, card.Std ?? 1),
                _ => throw new FormatException($"{what} kind '{card.Kind}' is not uniform, normal or none"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{what} is invalid: {ex.Message}", ex);
        }
    }
}
