using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine.Starts;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine;

/// <summary>One latent as an inversion treats it: the latent with its effective prior, the constraint on it and where it starts.</summary>
internal sealed record LatentPlan(GeneratorLatent Latent, LatentConstraint Constraint, LatentStart Start)
{
    /// <summary>Every latent of <paramref name="generator"/> under <paramref name="options"/>, in the generator's order.</summary>
    /// <exception cref="ArgumentException">The options name a latent the generator lacks, set both a start and an
    /// initialisation, or a prior handling does not fit its prior.</exception>
    public static IReadOnlyList<LatentPlan> Resolve(Generator generator, InversionOptions options)
    {
        foreach (string name in options.Latents.Keys)
        {
            if (generator.FindLatent(name) is null)
            {
                throw new ArgumentException($"InversionOptions.Latents names '{name}', which is not a latent of the generator (latents: {string.Join(", ", generator.Latents.Select(l => l.Name))})", nameof(options));
            }
        }

        if (options.Start is not null && options.Initialization != LatentInitialization.PriorSample)
        {
            throw new ArgumentException($"set InversionOptions.Start or InversionOptions.Initialization, not both (Start is {options.Start}, Initialization {options.Initialization})", nameof(options));
        }

        foreach (string name in options.NoiseRegularization?.Latents ?? [])
        {
            if (generator.FindLatent(name) is null)
            {
                throw new ArgumentException($"the noise regularisation names '{name}', which is not a latent of the generator (latents: {string.Join(", ", generator.Latents.Select(l => l.Name))})", nameof(options));
            }
        }

        var plans = new List<LatentPlan>(generator.Latents.Count);
        for (int i = 0; i < generator.Latents.Count; i++)
        {
            var latent = generator.Latents[i];
            var settings = options.Latents.GetValueOrDefault(latent.Name);
            var prior = settings?.Prior ?? options.Prior ?? latent.Prior;
            LatentConstraint constraint;
            try
            {
                constraint = LatentConstraint.Create(settings?.PriorHandling ?? options.PriorHandling, prior, options.PriorTerms);
            }
            catch (ArgumentException ex) when (generator.Latents.Count > 1)
            {
                throw new ArgumentException($"latent '{latent.Name}': {ex.Message}", nameof(options), ex);
            }

            if (options.NoiseRegularization is { } noise && noise.Latents.Contains(latent.Name))
            {
                constraint = NoisePenalty(latent, noise);
            }

            var start = settings?.Start ?? options.Start ?? FromInitialization(options, first: i == 0);
            if (ReferenceEquals(start, LatentStart.PriorMean) && generator.Adapted.Latents[i].IsCut)
            {
                // The prior's mean of a cut point is the mean of the tensor over prior draws of what produced it.
                start = LatentStart.MeanOfCut(generator, latent.Name);
            }

            plans.Add(new LatentPlan(latent with { Prior = prior }, constraint, start));
        }

        return plans;
    }

    /// <summary>The noise penalty for a latent of [C, H, W] (C maps) or [H, W] (one map) per sample.</summary>
    private static NoiseMapPenalty NoisePenalty(GeneratorLatent latent, NoiseRegularization noise)
    {
        var shape = latent.Shape;
        return shape.Count switch
        {
            3 => new NoiseMapPenalty(noise.Weight, noise.Renormalize, checked((int)shape[0]), checked((int)shape[1]), checked((int)shape[2])),
            2 => new NoiseMapPenalty(noise.Weight, noise.Renormalize, 1, checked((int)shape[0]), checked((int)shape[1])),
            _ => throw new ArgumentException($"the noise regularisation needs noise maps shaped [C, H, W] or [H, W] per sample; latent '{latent.Name}' is [{string.Join(", ", shape)}]"),
        };
    }

    private static LatentStart FromInitialization(InversionOptions options, bool first) => options.Initialization switch
    {
        LatentInitialization.PriorMean => LatentStart.PriorMean,
        LatentInitialization.Given when first => TargetLatentsStart.Instance,
        LatentInitialization.Encoder when first => options.Encoder is null
            ? throw new ArgumentException("initialisation from an encoder needs InversionOptions.Encoder", nameof(options))
            : LatentStart.FromEncoder(options.Encoder),
        _ => LatentStart.PriorDraw,
    };
}
