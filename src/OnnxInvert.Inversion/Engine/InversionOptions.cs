using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine.Starts;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// How <see cref="Inverter"/> optimises latents. Defaults follow the journal paper: BCE loss, RMSprop with learning
/// rate 0.01, the prior handled by clipping (uniform) or −0.01·log P(z) (normal). Every value is checked when set.
/// </summary>
public sealed class InversionOptions
{
    /// <summary>Updates per sample (and restart); 500 by default.</summary>
    public int Steps { get; init => field = AtLeastOne(value, nameof(Steps)); } = 500;

    /// <summary>Samples optimised together in one runtime call; 32 by default.</summary>
    public int BatchSize { get; init => field = AtLeastOne(value, nameof(BatchSize)); } = 32;

    /// <summary>The update rule and its hyper-parameters (RMSprop, lr 0.01 by default).</summary>
    public OptimizerSettings Optimizer { get; init => field = value ?? throw new ArgumentNullException(nameof(Optimizer)); } = new();

    /// <summary>The learning-rate schedule; constant by default.</summary>
    public LearningRateSchedule Schedule { get; init => field = value ?? throw new ArgumentNullException(nameof(Schedule)); } = LearningRateSchedule.Constant;

    /// <summary>The reconstruction loss; BCE by default (the paper).</summary>
    public LossKind Loss { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Loss), value, "The loss must be Bce, Mse or L1."); } = LossKind.Bce;

    /// <summary>How the loss is reduced over a sample's pixels; the mean by default.</summary>
    public LossReduction Reduction { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Reduction), value, "The reduction must be Mean or Sum."); }

    /// <summary>The prior to use instead of the generator's (null: the generator's), for every latent not given its own in <see cref="Latents"/>.</summary>
    public Prior? Prior { get; init; }

    /// <summary>
    /// Settings per latent name (prior, prior handling, start); latents not named here use the options' own
    /// <see cref="Prior"/>, <see cref="PriorHandling"/> and <see cref="Start"/>. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, LatentSettings> Latents
    {
        get;
        init => field = value is not null && value.All(p => p.Key is not null && p.Value is not null)
            ? value
            : throw new ArgumentNullException(nameof(Latents), "The latent settings and each of their entries must be non-null.");
    } = new Dictionary<string, LatentSettings>();

    /// <summary>
    /// Values of the generator's fixed (non-latent) inputs by name, over the model card's defaults; every fixed input
    /// needs one. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, ConditionValue> Conditions
    {
        get;
        init => field = value is not null && value.All(p => p.Key is not null && p.Value is not null)
            ? value
            : throw new ArgumentNullException(nameof(Conditions), "The condition values and each of their entries must be non-null.");
    } = new Dictionary<string, ConditionValue>();

    /// <summary>
    /// Where every latent not given its own start in <see cref="Latents"/> starts; null (the default) follows
    /// <see cref="Initialization"/>. Set this or <see cref="Initialization"/>, not both.
    /// </summary>
    public LatentStart? Start { get; init; }

    /// <summary>How the prior constrains the latents; <see cref="PriorHandling.Auto"/> by default.</summary>
    public PriorHandling PriorHandling { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(PriorHandling), value, "Unknown prior handling."); }

    /// <summary>Weights of the Gaussian penalties.</summary>
    public PriorTerms PriorTerms
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(PriorTerms));
            value.Validate();
            field = value;
        }
    } = new();

    /// <summary>Seed of every random draw; a sample's draws depend only on the seed, its image index and restart.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Where latents start when <see cref="Start"/> is null; a prior draw by default. <see cref="LatentInitialization.PriorMean"/>
    /// applies to every latent; <see cref="LatentInitialization.Given"/> (rows of <see cref="InversionTargets.InitialLatents"/>)
    /// and <see cref="LatentInitialization.Encoder"/> to the first latent, the others starting from a prior draw.
    /// </summary>
    public LatentInitialization Initialization { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Initialization), value, "Unknown initialisation."); }

    /// <summary>
    /// The encoder that proposes starting latents for <see cref="LatentInitialization.Encoder"/> (required then, ignored
    /// otherwise). The caller owns and disposes it; <see cref="Inverter.Create"/> checks its shapes against the generator.
    /// </summary>
    public LatentEncoder? Encoder { get; init; }

    /// <summary>
    /// Per-pixel weights of the reconstruction loss for one image (C × H × W values, or H × W shared by every channel),
    /// the same for every target: 1 counts a pixel fully, 0 ignores it (a mask). Null (the default) weighs every pixel 1.
    /// With the mean reduction the loss is still divided by every pixel of the image. Values must be finite and ≥ 0.
    /// </summary>
    public float[]? PixelWeights
    {
        get;
        init => field = value is null || value.All(v => float.IsFinite(v) && v >= 0)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PixelWeights), "Pixel weights must be finite and 0 or more.");
    }

    /// <summary>
    /// A feature-space term through a second ONNX network, added to the pixel loss (docs/feature-loss.md); null (the
    /// default) compares pixels only. The target's features are computed once per image, when it enters a batch slot.
    /// </summary>
    public FeatureSpec? Feature { get; init; }

    /// <summary>
    /// The StyleGAN2 projector's noise regularisation for the named noise-map latents (their prior handling is replaced
    /// by it); null (the default) applies none.
    /// </summary>
    public NoiseRegularization? NoiseRegularization
    {
        get;
        init
        {
            value?.Validate();
            field = value;
        }
    }

    /// <summary>Independent optimisations per image, the one with the lowest final loss kept; 1 by default.</summary>
    public int Restarts { get; init => field = AtLeastOne(value, nameof(Restarts)); } = 1;

    /// <summary>
    /// A sample has converged when its objective (loss plus prior penalty) has not dropped by more than this fraction
    /// of its best value for <see cref="Patience"/> consecutive steps; 0 (the default) runs every sample for
    /// <see cref="Steps"/> steps.
    /// </summary>
    public double ConvergenceTolerance
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ConvergenceTolerance), value, "The tolerance must be a finite number of 0 or more.");
    }

    /// <summary>
    /// Stop an image as soon as its reconstruction MSE (in [0, 1] units, as <see cref="InversionResult.Mse"/>) is at or
    /// below this value; the result then has <see cref="InversionResult.ReachedTarget"/> set. 0 (the default) never
    /// stops early on the error.
    /// </summary>
    public double TargetMse
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TargetMse), value, "The target MSE must be a finite number of 0 or more.");
    }

    /// <summary>
    /// Extra restarts for an image whose every restart ended above <see cref="TargetMse"/> (stalled by the convergence
    /// tolerance, or out of steps): each starts from a fresh prior draw (or continues, see <see cref="ContinueRate"/>)
    /// and joins the queue, so the batch stays full while only stuck images run again. Needs a target MSE; 0 (the
    /// default) adds none; <see cref="UntilBudget"/> adds them while <see cref="TimeBudget"/> has time left.
    /// </summary>
    public int StallRestarts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(StallRestarts));
            field = value;
        }
    }

    /// <summary>
    /// <see cref="StallRestarts"/> meaning "as many as <see cref="TimeBudget"/> leaves time for"; needs a time budget.
    /// </summary>
    public const int UntilBudget = int.MaxValue;

    /// <summary>
    /// The run's wall-clock budget, counted from its start; null (the default) sets none. When it is spent every image
    /// taken and unfinished stops at its best state so far (<see cref="InversionResult.CutShort"/>, not an error), and
    /// an image taken after that yields its start. Stall restarts run only while time is left.
    /// </summary>
    public TimeSpan? TimeBudget
    {
        get;
        init => field = value is null || value.Value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(TimeBudget), value, "The time budget must be 0 seconds or more.");
    }

    /// <summary>
    /// How a stall restart begins for an image still improving when its run ended out of steps (its MSE below half of
    /// what it was at the run's midpoint): 0 (the default) draws afresh like any stall restart; a positive factor
    /// continues from the latents that run reached, at the learning rate times the factor (compounding over
    /// continuations, the schedule run anew). An image that had stopped improving, or stopped on the tolerance, always
    /// draws afresh: the loss curve tells a near miss (still converging) from a bad basin (flat).
    /// </summary>
    public double ContinueRate
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ContinueRate), value, "The continue rate must be a finite number of 0 or more.");
    }

    /// <summary>
    /// When true the learning rate is in units of each latent's prior scale (<see cref="Priors.Prior.Scale"/>: the
    /// standard deviation of a normal prior, half the width of a uniform one), so one setting fits latents of any
    /// scale; false (the default) uses it as given.
    /// </summary>
    public bool RelativeLearningRate { get; init; }

    /// <summary>Steps without improvement before a sample counts as converged; 20 by default.</summary>
    public int Patience { get; init => field = AtLeastOne(value, nameof(Patience)); } = 20;

    /// <summary>How often a sample whose loss or gradient becomes NaN or infinite is re-initialised before it is given up; 3 by default.</summary>
    public int MaxReinitializations
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxReinitializations));
            field = value;
        }
    } = 3;

    /// <summary>ONNX Runtime session settings for the objective graph.</summary>
    public SessionSettings Session { get; init => field = value ?? throw new ArgumentNullException(nameof(Session)); } = new();

    /// <summary>
    /// Whether targets, pixel weights, condition rows and target features stay in the session's device memory, copied
    /// there once when a target enters a slot, and the image output stays there too (copied back only for the rows a
    /// result or the <see cref="TargetMse"/> check reads); each step then moves only the latents up and the gradients
    /// and losses down. <see cref="DeviceResidency.Auto"/> (the default) does so on every provider but the CPU.
    /// </summary>
    public DeviceResidency DeviceResident { get; init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(DeviceResident), value, "The residency must be Auto, On or Off."); }

    private static int AtLeastOne(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
        return value;
    }
}
