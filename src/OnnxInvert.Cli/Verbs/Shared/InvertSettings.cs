using System.Globalization;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Turns the inversion flags (<c>invert</c>, <c>compare</c>) into validated engine options; every invalid value is a <see cref="UsageException"/> naming the flag and the valid values.</summary>
internal static class InvertSettings
{
    private const string EncoderPrefix = "encoder:";

    /// <summary>
    /// The engine options; <paramref name="encoder"/> and <paramref name="pixelWeights"/> are passed through when known,
    /// and <paramref name="generator"/> resolves <c>--loss auto</c> (<see cref="LossChoice"/>).
    /// </summary>
    public static InversionOptions Build(InversionFlags o, Prior? prior, bool priorNone, SessionSettings session, LatentEncoder? encoder = null, float[]? pixelWeights = null, Generator? generator = null)
    {
        try
        {
            return new InversionOptions
            {
                Steps = Resolved(o.Steps),
                BatchSize = o.Batch,
                Optimizer = new OptimizerSettings { Kind = ParseOptimizer(Resolved(o.Optimizer)), LearningRate = Resolved(o.LearningRate), Momentum = Resolved(o.Momentum) },
                Schedule = ParseSchedule(Resolved(o.Schedule)),
                Loss = ParseLoss(LossChoice.Resolve(Resolved(o.Loss), generator)),
                Prior = prior,
                PriorHandling = priorNone ? PriorHandling.None : ParsePriorMode(Resolved(o.PriorMode)),
                PriorTerms = new PriorTerms(o.Gamma1, o.Gamma2, o.Beta, ParseScope(o.MomentScope)),
                Seed = o.Seed,
                Initialization = ParseInit(o.Init),
                Encoder = encoder,
                PixelWeights = pixelWeights,
                Feature = FeatureFlags.Spec(o),
                NoiseRegularization = FeatureFlags.Noise(o),
                Restarts = Resolved(o.Restarts),
                ConvergenceTolerance = Resolved(o.Tolerance),
                Patience = Resolved(o.Patience),
                MaxReinitializations = o.MaxReinit,
                TargetMse = Resolved(o.TargetMse),
                StallRestarts = Resolved(o.StallRestarts),
                TimeBudget = TimeBudget(o.TimeBudget),
                ContinueRate = Resolved(o.ContinueRate),
                RelativeLearningRate = ParseLrScale(Resolved(o.LrScale)),
                Session = session,
                Latents = PriorFlag.ParseAll(o.Prior).PerLatent,
                Conditions = o.Conditions(),
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new UsageException(OutOfRangeMessage(ex));
        }
    }

    /// <summary>The path of --init when it names a file; null for "prior" and "mean".</summary>
    /// <exception cref="UsageException">--init names a .npy file that does not exist.</exception>
    public static string? InitFile(string init)
    {
        if (ParseInit(init) != LatentInitialization.Given)
        {
            return null;
        }

        return File.Exists(init) ? init : throw new UsageException($"--init: no such file '{init}' (give prior, mean, or an existing .npy file)");
    }

    /// <summary>
    /// For --init encoder:PATH the path, for --init encoder the empty string (the model card's encoder); null otherwise.
    /// </summary>
    public static string? EncoderFile(string init) => ParseInit(init) == LatentInitialization.Encoder
        ? (init.Length > EncoderPrefix.Length ? init[EncoderPrefix.Length..] : string.Empty)
        : null;

    private static LatentInitialization ParseInit(string text) => text.ToLowerInvariant() switch
    {
        "prior" or "sample" => LatentInitialization.PriorSample,
        "mean" => LatentInitialization.PriorMean,
        "encoder" => LatentInitialization.Encoder,
        _ when text.StartsWith(EncoderPrefix, StringComparison.OrdinalIgnoreCase) && text.Length > EncoderPrefix.Length => LatentInitialization.Encoder,
        _ when text.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) => LatentInitialization.Given,
        _ => throw new UsageException($"--init must be prior, mean, a .npy file, encoder:PATH.onnx or encoder; got '{text}'"),
    };

    private static TimeSpan? TimeBudget(double? seconds) => seconds switch
    {
        null => null,
        double s when double.IsFinite(s) && s >= 0 && s <= TimeSpan.MaxValue.TotalSeconds => TimeSpan.FromSeconds(s),
        double s => throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--time-budget must be a number of seconds, 0 or more; got {s}")),
    };

    private static OptimizerKind ParseOptimizer(string text) => text.ToLowerInvariant() switch
    {
        "rmsprop" => OptimizerKind.RmsProp,
        "adam" => OptimizerKind.Adam,
        "sgd" => OptimizerKind.Sgd,
        _ => throw new UsageException($"--optimizer must be one of rmsprop, adam, sgd; got '{text}'"),
    };

    private static LossKind ParseLoss(string text) => text.ToLowerInvariant() switch
    {
        "bce" => LossKind.Bce,
        "mse" => LossKind.Mse,
        "l1" => LossKind.L1,
        _ => throw new UsageException($"--loss must be one of bce, mse, l1, auto; got '{text}'"),
    };

    private static PriorHandling ParsePriorMode(string text) => text.ToLowerInvariant() switch
    {
        "auto" => PriorHandling.Auto,
        "clip" => PriorHandling.Clip,
        "stochastic-clip" => PriorHandling.StochasticClip,
        "moments" => PriorHandling.MomentMatching,
        "log-likelihood" => PriorHandling.LogLikelihood,
        "support" => PriorHandling.Support,
        "none" => PriorHandling.None,
        _ => throw new UsageException($"--prior-mode must be one of auto, support, clip, stochastic-clip, moments, log-likelihood, none; got '{text}'"),
    };

    private static bool ParseLrScale(string text) => text.ToLowerInvariant() switch
    {
        "absolute" => false,
        "prior" => true,
        _ => throw new UsageException($"--lr-scale must be absolute or prior; got '{text}'"),
    };

    private static MomentScope ParseScope(string text) => text.ToLowerInvariant() switch
    {
        "sample" => MomentScope.Sample,
        "batch" => MomentScope.Batch,
        _ => throw new UsageException($"--moment-scope must be sample or batch; got '{text}'"),
    };

    private static LearningRateSchedule ParseSchedule(string text)
    {
        string[] parts = text.Split(':', 2);
        switch (parts[0].ToLowerInvariant())
        {
            case "constant" when parts.Length == 1:
                return LearningRateSchedule.Constant;
            case "ramp" when parts.Length == 1:
                return new RampSchedule();
            case "ramp":
                string[] values = parts[1].Split(',');
                if (values.Length == 2
                    && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double up)
                    && double.TryParse(values[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double down)
                    && up is > 0 and <= 1 && down is > 0 and <= 1)
                {
                    return new RampSchedule(up, down);
                }

                break;
        }

        throw new UsageException($"--schedule must be constant, ramp, or ramp:UP,DOWN with fractions in (0, 1]; got '{text}'");
    }

    /// <summary>"--steps must be at least 1; got -5": the flag and the rule, without the engine's property names.</summary>
    internal static string OutOfRangeMessage(ArgumentOutOfRangeException ex)
    {
        string rule = ex.Message.Split(" (Parameter")[0];
        rule = rule.Contains("non-negative and non-zero", StringComparison.Ordinal) ? "must be at least 1"
            : rule.Contains("non-negative", StringComparison.Ordinal) ? "must be 0 or more"
            : System.Text.RegularExpressions.Regex.Replace(rule, @"^\w+ \('[^']*'\) ", string.Empty);
        return ex.ActualValue is null ? $"{FlagOf(ex.ParamName)} {rule}" : string.Create(CultureInfo.InvariantCulture, $"{FlagOf(ex.ParamName)} {rule}; got {ex.ActualValue}");
    }

    private static T Resolved<T>(T? value)
        where T : struct => value ?? throw new InvalidOperationException("the inversion flags were used before InvertPreset.Apply filled them in");

    private static string Resolved(string? value) => value ?? throw new InvalidOperationException("the inversion flags were used before InvertPreset.Apply filled them in");

    private static string FlagOf(string? parameter) => parameter switch
    {
        nameof(InversionOptions.Steps) => "--steps",
        nameof(InversionOptions.BatchSize) => "--batch",
        nameof(InversionOptions.Restarts) => "--restarts",
        nameof(InversionOptions.ConvergenceTolerance) => "--tol",
        nameof(InversionOptions.Patience) => "--patience",
        nameof(InversionOptions.MaxReinitializations) => "--max-reinit",
        nameof(InversionOptions.TargetMse) => "--target-mse",
        nameof(InversionOptions.StallRestarts) => "--stall-restarts",
        nameof(InversionOptions.ContinueRate) => "--continue-rate",
        nameof(OptimizerSettings.LearningRate) => "--lr",
        nameof(OptimizerSettings.Momentum) => "--momentum",
        nameof(PriorTerms.Beta) => "--beta",
        nameof(PriorTerms.Gamma1) => "--gamma1",
        nameof(PriorTerms.Gamma2) => "--gamma2",
        _ => parameter ?? "an option",
    };
}
