using System.Globalization;
using OnnxInvert.Cli.Options;

namespace OnnxInvert.Cli.Commands.Invert;

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
        // generator: Adam at a high rate relative to the prior's scale, a warm-up and cosine ramp-down, the prior's
        // support kept (clip a uniform prior, leave a normal one free: a penalty pulls z off the exact preimage), each
        // image stopped at the target, and the images still above it after a run restarted from fresh draws while the
        // others keep the batch full (docs/inversion-reference.md).
        new InvertPreset
        {
            Name = "exact",
            Description = "near-exact reconstruction in the time of 2,000 paper steps: adam lr 0.1 x prior scale, ramp, bce, keep the prior's support, 1500 steps, stop at mse 1e-4, 2 restarts for stuck images",
            Optimizer = "adam",
            LearningRate = 0.1,
            LrScale = "prior",
            Momentum = 0.0,
            Schedule = "ramp",
            Loss = "bce",
            PriorMode = "support",
            Steps = 1500,
            Restarts = 1,
            Tolerance = 0.0,
            TargetMse = 1e-4,
            StallRestarts = 2,
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

    /// <summary>The preset called <paramref name="name"/>; a <see cref="UsageException"/> naming the valid ones otherwise.</summary>
    public static InvertPreset Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"--preset must be one of: {Names}; got '{name}'");

    /// <summary>
    /// Applies <paramref name="options"/>' --preset (if any) to it: every setting of the preset whose flag does not
    /// appear in <paramref name="args"/> (the raw command line) replaces the option's value. Returns <paramref name="options"/>.
    /// </summary>
    public static TOptions Apply<TOptions>(TOptions options, IReadOnlyList<string> args)
        where TOptions : InversionFlags
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        if (options.Preset is null)
        {
            return options;
        }

        var preset = Find(options.Preset);
        var given = GivenFlags(args);
        void Set<T>(string flag, T? value, Action<T> assign)
            where T : struct
        {
            if (value is { } v && !given.Contains(flag))
            {
                assign(v);
            }
        }

        void SetText(string flag, string? value, Action<string> assign)
        {
            if (value is not null && !given.Contains(flag))
            {
                assign(value);
            }
        }

        SetText("optimizer", preset.Optimizer, v => options.Optimizer = v);
        Set("lr", preset.LearningRate, v => options.LearningRate = v);
        Set("momentum", preset.Momentum, v => options.Momentum = v);
        SetText("schedule", preset.Schedule, v => options.Schedule = v);
        SetText("loss", preset.Loss, v => options.Loss = v);
        SetText("prior-mode", preset.PriorMode, v => options.PriorMode = v);
        Set("steps", preset.Steps, v => options.Steps = v);
        Set("restarts", preset.Restarts, v => options.Restarts = v);
        Set("tol", preset.Tolerance, v => options.Tolerance = v);
        Set("patience", preset.Patience, v => options.Patience = v);
        Set("target-mse", preset.TargetMse, v => options.TargetMse = v);
        Set("stall-restarts", preset.StallRestarts, v => options.StallRestarts = v);
        if (!given.Contains("lr"))
        {
            // A typed --lr is absolute unless --lr-scale is typed too.
            SetText("lr-scale", preset.LrScale, v => options.LrScale = v);
        }
        return options;
    }

    /// <summary>The long flags (without dashes) present in a command line, as <c>--name value</c> or <c>--name=value</c>.</summary>
    private static HashSet<string> GivenFlags(IReadOnlyList<string> args)
    {
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                string name = arg[2..];
                int equals = name.IndexOf('=', StringComparison.Ordinal);
                flags.Add(equals < 0 ? name : name[..equals]);
            }
        }

        return flags;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Description}");
}
