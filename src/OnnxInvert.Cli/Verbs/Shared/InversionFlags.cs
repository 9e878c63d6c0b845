using CommandLine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The inversion flags <c>invert</c> and <c>compare</c> share: optimiser, loss, prior, start, stopping and seed.
/// <see cref="InvertPreset"/> fills in those left out (the nullable ones: a preset may set them), <see cref="InvertSettings"/>
/// turns them into engine options and <see cref="FlagSettings"/> into the job's settings, the same way for both verbs.
/// </summary>
internal abstract class InversionFlags : ModelFlags
{
    [Option("preset", HelpText = nameof(InversionFlagHelp.Preset), ResourceType = typeof(InversionFlagHelp))]
    public string? Preset { get; set; }

    [Option("steps", HelpText = nameof(InversionFlagHelp.Steps), ResourceType = typeof(InversionFlagHelp))]
    public int? Steps { get; set; }

    [FlagSetting(ShapesResults = false)]
    [Option("batch", Default = 32, HelpText = "Images optimised together per runtime call.")]
    public int Batch { get; set; }

    [Option("optimizer", HelpText = nameof(InversionFlagHelp.Optimizer), ResourceType = typeof(InversionFlagHelp))]
    public string? Optimizer { get; set; }

    [Option("lr", HelpText = nameof(InversionFlagHelp.LearningRate), ResourceType = typeof(InversionFlagHelp))]
    public double? LearningRate { get; set; }

    [Option("momentum", HelpText = nameof(InversionFlagHelp.Momentum), ResourceType = typeof(InversionFlagHelp))]
    public double? Momentum { get; set; }

    [Option("schedule", HelpText = nameof(InversionFlagHelp.Schedule), ResourceType = typeof(InversionFlagHelp))]
    public string? Schedule { get; set; }

    [Option("loss", HelpText = nameof(InversionFlagHelp.Loss), ResourceType = typeof(InversionFlagHelp))]
    public string? Loss { get; set; }

    [Option("prior", HelpText = "Latent prior: uniform, uniform:LOW,HIGH, normal, normal:MEAN,STD, or none (no constraint); NAME=SPEC for one latent (--prior w_plus=none --prior noise0=normal). Repeatable. Default: the model card's, else normal.")]
    public IEnumerable<string> Prior { get; set; } = [];

    [Option("prior-mode", HelpText = nameof(InversionFlagHelp.PriorMode), ResourceType = typeof(InversionFlagHelp))]
    public string? PriorMode { get; set; }

    [Option("beta", Default = 0.01, HelpText = "Weight β of −β·log P(z) (log-likelihood mode).")]
    public double Beta { get; set; }

    [Option("gamma1", Default = 1.0, HelpText = "Weight γ1 of (µ−µ̂)² (moments mode).")]
    public double Gamma1 { get; set; }

    [Option("gamma2", Default = 1.0, HelpText = "Weight γ2 of (σ−σ̂)² (moments mode).")]
    public double Gamma2 { get; set; }

    [Option("moment-scope", Default = "sample", HelpText = "Where moments mode estimates µ̂, σ̂: sample or batch (batch couples the samples).")]
    public string MomentScope { get; set; } = null!;

    [Option("init", Default = "prior", HelpText = "Starting latents: prior (a draw), mean (the prior's mean), a .npy file [N, ...] with row i for image i, or encoder:PATH.onnx (hybrid: an encoder [B,C,H,W] -> [B, latent...] proposes z, then it is refined; 'encoder' alone uses the model card's encoder). With --restarts > 1 only restart 0 starts from the file or encoder, the others from the prior.")]
    public string Init { get; set; } = null!;

    [Option("mask", HelpText = "Per-pixel loss weights: a gray PNG of the image size (white counts, black is ignored, gray in between) or an .npy of shape [C,H,W], [1,H,W] or [H,W].")]
    public string? Mask { get; set; }

    [Option("feature-model", HelpText = "Add a feature-space loss through this ONNX network (e.g. onnx-models/<gen>/discriminator.onnx, an LPIPS export): weight · distance of its layers between G(z) and the target, the target's features computed once per image. See docs/feature-loss.md.")]
    public string? FeatureModel { get; set; }

    [Option("feature-output", HelpText = "The feature model's tensors to compare, comma-separated (several = several layers); NAME=WEIGHTS takes per-channel weights from the constant output WEIGHTS (LPIPS's lin layers). Default: every multi-channel output.")]
    public string? FeatureOutput { get; set; }

    [Option("feature-weight", Default = 1.0, HelpText = "Weight of the feature term against the pixel loss.")]
    public double FeatureWeight { get; set; }

    [Option("feature-distance", Default = "mse", HelpText = "Per-layer feature distance: mse, l1 or cosine.")]
    public string FeatureDistance { get; set; } = null!;

    [Option("feature-raw", HelpText = "Compare raw activations instead of unit-normalising each position's channel vector (LPIPS's normalisation, the default).")]
    public bool FeatureRaw { get; set; }

    [Option("feature-resize", Default = "auto", HelpText = "Size fed to the feature model: auto (its declared H×W, else the image's), none, or H,W (bilinear).")]
    public string FeatureResize { get; set; } = null!;

    [Option("feature-channels", Default = "auto", HelpText = "Channel mapping to the feature model's input: auto (from its declared channels), keep, gray-to-rgb or rgb-to-gray.")]
    public string FeatureChannels { get; set; } = null!;

    [Option("feature-range", HelpText = "Input range LOW,HIGH the feature model expects (G's range is mapped onto it, e.g. -1,1 for LPIPS). Default: the generator's range.")]
    public string? FeatureRange { get; set; }

    [Option("feature-mean", HelpText = "Per-channel means subtracted from the feature model's input after range mapping, comma-separated (e.g. 0.485,0.456,0.406).")]
    public string? FeatureMean { get; set; }

    [Option("feature-std", HelpText = "Per-channel standard deviations the feature model's input is divided by, comma-separated.")]
    public string? FeatureStd { get; set; }

    [Option("noise-regularize", HelpText = "Weight of the StyleGAN2 projector's noise regularisation (multi-scale autocorrelation penalty plus per-step renormalisation of the maps) on the --noise-latents. Default when --noise-latents is given: 1e5.")]
    public double? NoiseRegularize { get; set; }

    [Option("noise-latents", HelpText = "The noise-map latents the noise regularisation applies to, comma-separated (each [batch, C, H, W] or [batch, H, W]); it replaces their prior handling.")]
    public string? NoiseLatents { get; set; }

    [Option("resize", HelpText = "Resize image files of another size to the generator's (area when shrinking, bilinear when growing) and convert gray/RGB (replicate; luminance 0.299/0.587/0.114). Without it a size or channel mismatch is an error.")]
    public bool Resize { get; set; }

    [Option("seed", Default = 0, HelpText = "Seed of every random draw.")]
    public int Seed { get; set; }

    [Option("restarts", HelpText = nameof(InversionFlagHelp.Restarts), ResourceType = typeof(InversionFlagHelp))]
    public int? Restarts { get; set; }

    [Option("tol", HelpText = nameof(InversionFlagHelp.Tolerance), ResourceType = typeof(InversionFlagHelp))]
    public double? Tolerance { get; set; }

    [Option("patience", HelpText = nameof(InversionFlagHelp.Patience), ResourceType = typeof(InversionFlagHelp))]
    public int? Patience { get; set; }

    [Option("target-mse", HelpText = nameof(InversionFlagHelp.TargetMse), ResourceType = typeof(InversionFlagHelp))]
    public double? TargetMse { get; set; }

    [Option("stall-restarts", HelpText = nameof(InversionFlagHelp.StallRestarts), ResourceType = typeof(InversionFlagHelp))]
    public int? StallRestarts { get; set; }

    [Option("time-budget", HelpText = "Wall-clock budget of the run in seconds, from its start: when it is spent every image stops with its best result so far (summary.json: cut_short). With --preset exact, stall restarts go on until the budget unless --stall-restarts is given. Default: none.")]
    public double? TimeBudget { get; set; }

    [Option("continue-rate", HelpText = nameof(InversionFlagHelp.ContinueRate), ResourceType = typeof(InversionFlagHelp))]
    public double? ContinueRate { get; set; }

    [Option("lr-scale", HelpText = nameof(InversionFlagHelp.LrScale), ResourceType = typeof(InversionFlagHelp))]
    public string? LrScale { get; set; }

    [Option("max-reinit", Default = 3, HelpText = "Re-initialisations of an image whose loss becomes NaN or infinite before it is given up.")]
    public int MaxReinit { get; set; }
}
