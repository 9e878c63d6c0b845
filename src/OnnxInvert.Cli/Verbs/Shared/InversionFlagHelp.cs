using System.Globalization;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// Help text of the inversion flags a preset may set, generated from <see cref="InvertPreset"/> so that help shows the
/// values actually used (<see cref="InvertPreset.Defaults"/>, each preset's description). Each property names a flag;
/// <see cref="InversionFlags"/> points its options here through CommandLineParser's <c>ResourceType</c>, which reads only
/// public types: the reason this class is public.
/// </summary>
public static class InversionFlagHelp
{
    /// <summary>--preset: the presets and what each sets.</summary>
    public static string Preset =>
        $"Named settings: {string.Join("; ", InvertPreset.All.Select(p => $"{p.Name} ({p.Description})"))}. Flags given explicitly override the preset's values. See docs/inversion.md.";

    /// <summary>--steps.</summary>
    public static string Steps => Text(D.Steps, "Updates per image (and restart).");

    /// <summary>--optimizer.</summary>
    public static string Optimizer => Text(D.Optimizer, "rmsprop, adam or sgd (torch.optim semantics and defaults).");

    /// <summary>--lr.</summary>
    public static string LearningRate => Text(D.LearningRate, "Learning rate.");

    /// <summary>--momentum.</summary>
    public static string Momentum => Text(D.Momentum, "Momentum for sgd and rmsprop.");

    /// <summary>--schedule.</summary>
    public static string Schedule => Text(D.Schedule, "Learning-rate schedule: constant, or ramp / ramp:UP,DOWN (StyleGAN2 projector warm-up and cosine ramp-down; default 0.05,0.25).");

    /// <summary>--loss.</summary>
    public static string Loss => Text(D.Loss, "Reconstruction loss: bce, mse, l1, or auto (bce when the image comes from a bounded activation such as Sigmoid or Tanh, mse otherwise).");

    /// <summary>--prior-mode.</summary>
    public static string PriorMode => Text(D.PriorMode, "How the prior constrains z: auto, clip, stochastic-clip (uniform); log-likelihood, moments (normal); none.");

    /// <summary>--restarts.</summary>
    public static string Restarts => Text(D.Restarts, "Optimisations per image from different starts; the lowest final loss is kept.");

    /// <summary>--tol.</summary>
    public static string Tolerance => Text(D.Tolerance, "Convergence tolerance: stop an image when its objective has not improved by this fraction for --patience steps (0 = run all steps).");

    /// <summary>--patience.</summary>
    public static string Patience => Text(D.Patience, "Steps without improvement before an image counts as converged.");

    /// <summary>--target-mse.</summary>
    public static string TargetMse => Text(D.TargetMse, "Stop an image as soon as its MSE (on [0, 1]) is at or below this value (0 = off).");

    /// <summary>--stall-restarts.</summary>
    public static string StallRestarts => Text(D.StallRestarts, "Extra restarts, from fresh prior draws, for an image whose runs all ended above --target-mse (out of steps, or stalled by --tol).");

    /// <summary>--continue-rate.</summary>
    public static string ContinueRate => Text(D.ContinueRate, "With --stall-restarts: an image whose MSE was still falling when its run ran out of steps (below half its midpoint MSE) continues from where it ended, at the rate times this factor, instead of a fresh draw (0 = always fresh draws).");

    /// <summary>--lr-scale.</summary>
    public static string LrScale => Text(
        D.LrScale,
        "absolute: --lr as given; prior: --lr in units of each latent's prior scale (normal std, half the uniform width)." +
        string.Concat(InvertPreset.All.Where(p => p.LrScale is not null && p.LrScale != D.LrScale).Select(p => $" --preset {p.Name} makes it {p.LrScale} unless --lr is given.")));

    private static InvertPreset D => InvertPreset.Defaults;

    /// <summary>The text with the default in front, as CommandLineParser writes the defaults of other options.</summary>
    private static string Text(object? value, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"(Default: {value}) {text}");
}
