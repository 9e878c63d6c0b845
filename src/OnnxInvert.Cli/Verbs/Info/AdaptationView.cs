using System.Globalization;
using OnnxInvert.Autodiff;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Runtime;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Info;

/// <summary>
/// What <c>invert</c>, <c>sample</c>, <c>grad</c> and <c>check-grad</c> would make of a model with the same model
/// flags: the role of every graph input, the latents (inputs or cut points) with their shapes and priors, the image
/// tensor, layout, range, batch and every change adaptation makes. Null fields: adaptation was not possible
/// (<see cref="Error"/> says why).
/// </summary>
internal sealed record AdaptationView
{
    /// <summary>Why the model could not be adapted, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The role of each source graph input, by name (latent, condition, noise, or what the cut made of it).</summary>
    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The adapted generator's latents.</summary>
    public IReadOnlyList<AdaptedLatent> Latents { get; init; } = [];

    /// <summary>The latents' priors, by name.</summary>
    public IReadOnlyDictionary<string, string> Priors { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The fixed inputs the adapted generator still needs.</summary>
    public IReadOnlyList<ValueSignature> Fixed { get; init; } = [];

    /// <summary>The adaptation result, or null.</summary>
    public AdaptedModel? Adapted { get; init; }

    /// <summary>The range the verbs would use.</summary>
    public PixelRange Range { get; init; }

    /// <summary>Notices adaptation gave (guesses, assumptions).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Adapts <paramref name="path"/> as <paramref name="flags"/> say. When no model flag is given a model that cannot
    /// be adapted is described with <see cref="Error"/>; when flags are given their errors are the command's.
    /// </summary>
    public static AdaptationView Of(string path, ModelFlags flags, ModelSummary summary, TextWriter errors)
    {
        var notes = new List<string>();
        Generator generator;
        try
        {
            flags.LoadRuntime();
            generator = ModelErrors.Open(path, flags.Apply(new GeneratorOptions
            {
                Session = flags.Settings(errors.WriteLine),
                Notice = n => notes.Add(n.StartsWith(path + ": ", StringComparison.Ordinal) ? n[(path.Length + 2)..] : n),
            }));
        }
        catch (Exception ex) when (!GivesModelFlags(flags) && ex is not OutOfMemoryException)
        {
            // info describes any model; one the verbs could not open is described with the reason (an exception of a
            // kind no verb expects is named so that it can be reported).
            bool expected = ex is UsageException or InvalidOperationException or OrtException or GradientBuildException
                or FormatException or NotSupportedException or DllNotFoundException or IOException;
            string message = ex.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? ex.Message[(path.Length + 2)..] : ex.Message;
            return new AdaptationView { Error = expected ? message : $"{message} ({ex.GetType().Name}; please report it)", Notes = notes };
        }

        using (generator)
        {
            ModelErrors.CheckConditions(generator, flags);
            var adapted = generator.Adapted;
            var roles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in summary.Inputs)
            {
                var cut = adapted.Latents.FirstOrDefault(l => l.Producer?.Graph.Input.Any(i => i.Name == input.Name) == true);
                roles[input.Name] = adapted.Latents.Any(l => l.Name == input.Name) ? InputRole.Latent
                    : adapted.OtherInputs.FirstOrDefault(i => i.Name == input.Name) is { } kept ? InputRole.OfFixed(kept)
                    : cut is not null ? $"feeds cut point '{cut.Name}' (removed)"
                    : "unused by the image (removed)";
            }

            return new AdaptationView
            {
                Roles = roles,
                Latents = adapted.Latents,
                Priors = generator.Latents.ToDictionary(l => l.Name, l => l.Prior.ToString() ?? string.Empty, StringComparer.Ordinal),
                Fixed = adapted.OtherInputs,
                Adapted = adapted,
                Range = generator.OutputRange,
                Notes = notes,
            };
        }
    }

    /// <summary>The range in words: "[-1, 1] (Tanh node '/Tanh')", or what was assumed.</summary>
    public string DescribeRange() => string.Create(CultureInfo.InvariantCulture,
        $"[{Range.Low}, {Range.High}] ({(Adapted?.Range is { } traced && traced.Low == Range.Low && traced.High == Range.High ? "traced: " + traced.Source : Adapted?.Range is null ? "not traced to a bounded activation: assumed" : "from the model card")})");

    private static bool GivesModelFlags(ModelFlags flags) =>
        flags.Latents.Count > 0 || flags.Output is not null || flags.Input.Any() || flags.Layout is not null || flags.ImageShape is not null || flags.LatentShape.Any();
}
