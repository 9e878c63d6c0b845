using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Evaluation;

/// <summary>How well one generator reconstructs a set of images: the journal paper's Table I measure, and more.</summary>
public sealed record ModelScore
{
    /// <summary>The generator's file.</summary>
    public required string Model { get; init; }

    /// <summary>Per-image mean squared error, with pixel values mapped from the output range to [0, 1].</summary>
    public required ErrorSummary Mse { get; init; }

    /// <summary>Per-image mean absolute error.</summary>
    public required ErrorSummary Mae { get; init; }

    /// <summary>Per-image PSNR in dB (peak 1 on the [0, 1] scale; capped at 100 dB for an exact reconstruction).</summary>
    public required ErrorSummary Psnr { get; init; }

    /// <summary>Images whose loss stayed NaN or infinite after every re-initialisation (left out of the summaries).</summary>
    public required int Failed { get; init; }

    /// <summary>Seconds the inversion took.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Summarises the results of one inversion run.</summary>
    /// <exception cref="ArgumentException">No result finished with a finite loss.</exception>
    public static ModelScore Of(string model, IReadOnlyCollection<InversionResult> results, double wallSeconds, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Of(model, [.. results.Where(r => !r.Failed).Select(r => new ImageError(r.Mse, r.Mae, r.Psnr))], results.Count(r => r.Failed), wallSeconds, level);
    }

    /// <summary>Summarises the errors of the images that finished with a finite loss; <paramref name="failed"/> others did not.</summary>
    /// <exception cref="ArgumentException">No image finished with a finite loss.</exception>
    public static ModelScore Of(string model, IReadOnlyList<ImageError> finished, int failed, double wallSeconds, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(finished);
        if (finished.Count == 0)
        {
            throw new ArgumentException($"{model}: no image was inverted to a finite loss ({failed} failed)", nameof(finished));
        }

        return new ModelScore
        {
            Model = model,
            Mse = ErrorSummary.Of(finished.Select(r => r.Mse).ToArray(), level),
            Mae = ErrorSummary.Of(finished.Select(r => r.Mae).ToArray(), level),
            Psnr = ErrorSummary.Of(finished.Select(r => r.Psnr).ToArray(), level),
            Failed = failed,
            WallSeconds = wallSeconds,
        };
    }
}
