using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// A named set of inversion settings (<c>--preset NAME</c> of <c>invert</c> and <c>compare</c>). A preset fills in only
/// the flags the command line did not give: an explicit flag always wins. Null members leave the option as it is.
/// docs/inversion-reference.md has the measurements behind each preset.
/// </summary>
internal sealed record InvertPreset
{
    /// <summary>The presets, by name (case-insensitive), in the order help lists them.</summary>
    public static IReadOnlyList<InvertPreset> All { get; } =
    [
        // Creswell & Bharath (2016), Algorithm 1: BCE, RMSprop lr 0.01 (torch defaults), clip z to the U[-1,1] prior.
        // The paper gives no step count; --steps keeps its default unless given.
        new InvertPreset
        {
            Name = "paper",
            Description = "the paper's Algorithm 1: bce loss, rmsprop lr 0.01, constant rate, clip to the prior",
            Optimizer = "rmsprop",
            LearningRate = 0.01,
            Momentum = 0.0,
            Schedule = "constant",
            Loss = "bce",
            PriorMode = "clip",
            Restarts = 1,
            Tolerance = 0.0,
        },

        // Exact recovery of images the generator produced (MSE < 1e-4) within the time of 2,000 paper steps, on any
        // generator: Adam at a high rate relative to the prior's scale, a warm-up and cosine ramp-down, BCE where the image
        // comes from a bounded activation and MSE where it does not (BCE is undefined outside the range), the prior's
        // support kept (clip a uniform prior, leave a normal one free: a penalty pulls z off the exact preimage), each
        // image stopped at the target, and the images still above it after a run restarted while the others keep the
        // batch full: from a fresh draw when the run's curve had flattened, continued at 0.3x the rate when it was still
        // falling (near misses: on fashion-gan-noise 4x fewer steps to 16 of 16), until --time-budget when one is given
        // (docs/inversion-reference.md).
        new InvertPreset
        {
            Name = "exact",
            Description = "near-exact reconstruction in the time of 2,000 paper steps: adam lr 0.1 x prior scale, ramp, bce (mse for an unbounded output), keep the prior's support, 1500 steps, stop at mse 1e-4, 2 restarts for stuck images (until the budget with --time-budget), continued at 0.3x the rate for images still improving",
            Optimizer = "adam",
            LearningRate = 0.1,
            LrScale = "prior",
            Momentum = 0.0,
            Schedule = "ramp",
            Loss = LossChoice.Auto,
            PriorMode = "support",
            Steps = 1500,
            Restarts = 1,
            Tolerance = 0.0,
            TargetMse = 1e-4,
            StallRestarts = 2,
            StallRestartsUntilBudget = true,
            ContinueRate = 0.3,
        },
    ];

    /// <summary>The names accepted by --preset, comma-separated, for help and error text.</summary>
    public static string Names => string.Join(", ", All.Select(p => p.Name));

    public required string Name { get; init; }

    public required string Description { get; init; }

    public string? Optimizer { get; init; }

    public double? LearningRate { get; init; }

    public double? Momentum { get; init; }

    public string? Schedule { get; init; }

    public string? Loss { get; init; }

    public string? PriorMode { get; init; }

    public int? Steps { get; init; }

    public int? Restarts { get; init; }

    public double? Tolerance { get; init; }

    public int? Patience { get; init; }

    /// <summary>--lr-scale: "prior" makes the preset's rate relative to each latent's prior scale.</summary>
    public string? LrScale { get; init; }

    public double? TargetMse { get; init; }

    public int? StallRestarts { get; init; }

    /// <summary>With --time-budget (and --stall-restarts not typed): stall restarts go on until the budget is spent.</summary>
    public bool StallRestartsUntilBudget { get; init; }

    /// <summary>--continue-rate: the rate factor of a stall restart that continues an image still improving.</summary>
    public double? ContinueRate { get; init; }

    /// <summary>The preset called <paramref name="name"/>; a <see cref="UsageException"/> naming the valid ones otherwise.</summary>
    public static InvertPreset Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"--preset must be one of: {Names}; got '{name}'");

    /// <summary>
    /// The values a flag takes when neither the command line nor the preset gives it (help shows them too). The flags
    /// a preset may set are nullable in <see cref="InversionFlags"/>, so what was typed is known without re-reading argv.
    /// </summary>
    public static InvertPreset Defaults { get; } = new()
    {
        Name = "default",
        Description = "the defaults of every flag",
        Optimizer = "rmsprop",
        LearningRate = 0.01,
        Momentum = 0.0,
        Schedule = "constant",
        Loss = "bce",
        PriorMode = "auto",
        Steps = 500,
        Restarts = 1,
        Tolerance = 0.0,
        Patience = 20,
        LrScale = "absolute",
        TargetMse = 0.0,
        StallRestarts = 0,
        ContinueRate = 0.0,
    };

    /// <summary>
    /// Fills in every flag of <paramref name="options"/> the command line left out: from its --preset (if any), else
    /// from <see cref="Defaults"/>. An explicit flag always wins. Returns <paramref name="options"/>.
    /// </summary>
    /// <exception cref="UsageException">--preset names no preset.</exception>
    public static T Apply<T>(T options)
        where T : InversionFlags
    {
        ArgumentNullException.ThrowIfNull(options);
        var preset = options.Preset is null ? Defaults : Find(options.Preset);

        // A typed --lr is absolute unless --lr-scale is typed too; the preset's rate is relative to the prior's scale.
        options.LrScale ??= options.LearningRate is null ? preset.LrScale ?? Defaults.LrScale : Defaults.LrScale;
        options.Optimizer ??= preset.Optimizer ?? Defaults.Optimizer;
        options.LearningRate ??= preset.LearningRate ?? Defaults.LearningRate;
        options.Momentum ??= preset.Momentum ?? Defaults.Momentum;
        options.Schedule ??= preset.Schedule ?? Defaults.Schedule;
        options.Loss ??= preset.Loss ?? Defaults.Loss;
        options.PriorMode ??= preset.PriorMode ?? Defaults.PriorMode;
        options.Steps ??= preset.Steps ?? Defaults.Steps;
        options.Restarts ??= preset.Restarts ?? Defaults.Restarts;
        options.Tolerance ??= preset.Tolerance ?? Defaults.Tolerance;
        options.Patience ??= preset.Patience ?? Defaults.Patience;
        options.TargetMse ??= preset.TargetMse ?? Defaults.TargetMse;
        options.StallRestarts ??= options.TimeBudget is not null && preset.StallRestartsUntilBudget
            ? InversionOptions.UntilBudget
            : preset.StallRestarts ?? Defaults.StallRestarts;
        options.ContinueRate ??= preset.ContinueRate ?? Defaults.ContinueRate;
        return options;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Description}");
}
