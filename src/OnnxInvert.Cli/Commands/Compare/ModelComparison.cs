using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Cli.Commands.Invert;
using OnnxInvert.Cli.Options;
using CompareOptions = OnnxInvert.Cli.Options.CompareOptions;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Commands.Compare;

/// <summary>
/// One model of <c>compare</c>: opens it with its own model card, inverts the targets with the shared flags, scores
/// the results, and (with --out) keeps an inversion folder for it. Any failure becomes a failed row; only
/// cancellation propagates.
/// </summary>
internal sealed class ModelComparison
{
    private readonly CompareOptions _options;
    private readonly SessionSettings _session;
    private readonly Prior? _prior;
    private readonly TextWriter _errors;

    public ModelComparison(CompareOptions options, SessionSettings session, Prior? prior, TextWriter errors)
    {
        _options = options;
        _session = session;
        _prior = prior;
        _errors = errors;
    }

    /// <summary>Scores <paramref name="model"/>, the <paramref name="position"/>-th (from 1) of <paramref name="total"/>; <paramref name="folder"/> is its inversion folder, or null for none.</summary>
    public ComparisonRow Run(string model, int position, int total, string? folder, CancellationToken cancellationToken)
    {
        string label = string.Create(CultureInfo.InvariantCulture, $"compare [{position}/{total}]");
        try
        {
            return Score(model, label, folder, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _errors.WriteLine($"{label} {model}: FAILED: {ex.Message}");
            return new ComparisonRow { Model = model, Error = ex.Message };
        }
    }

    private ComparisonRow Score(string model, string label, string? folder, CancellationToken cancellationToken)
    {
        using var generator = Generator.Open(model, new GeneratorOptions { Prior = _prior, Session = _session, Notice = m => _errors.WriteLine($"{label} {m}") });
        using var setup = InversionSetup.For(_options, generator, _session);
        using var inverter = setup.CreateInverter(generator);
        var settings = setup.Settings;
        var targets = TargetSet.Load(_options.Images, inverter.ImageShape, generator.OutputRange, m => _errors.WriteLine($"compare: {m}"), _options.Resize);
        string? initFile = InvertSettings.InitFile(_options.Init);
        float[]? initial = initFile is null ? null : InitialLatents.Load(initFile, targets.Count, inverter);
        var store = folder is null
            ? null
            : ResultStore.Open(folder, targets, [.. inverter.LatentShape.Select(d => (int)d)], [.. inverter.ImageShape.Select(d => (int)d)], generator.OutputRange, Path.GetFullPath(model), resume: false, Math.Max(1, settings.BatchSize), _errors.WriteLine);
        string prior = $"{inverter.Prior} ({inverter.Constraint})";
        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: {targets.Count} images, latent {generator.LatentInput} [{string.Join(",", inverter.LatentShape)}], prior {prior}, {settings.Optimizer}, {settings.Loss} loss, {settings.Steps} steps, batch {settings.BatchSize}"));

        var results = new List<InversionResult>(targets.Count);
        var printer = new ProgressPrinter(_errors, ReferenceEquals(_errors, Console.Error) && !Console.IsErrorRedirected, 0, targets.Count, label: label);
        var last = default(InversionProgress);
        var curve = new LossCurve();
        var clock = Stopwatch.StartNew();
        try
        {
            var inputs = new InversionTargets(targets.Data, targets.Count, targets.Names, initialLatents: initial);
            InversionLoop.Run(inverter, inputs, r => { results.Add(r); store?.Add(r); }, new ProgressRelay(p => { last = p; curve.Add(p); printer.Report(p); }), cancellationToken);
        }
        finally
        {
            printer.Finish();
            store?.Flush();
            if (folder is not null)
            {
                curve.Write(folder);
            }
        }

        double wall = clock.Elapsed.TotalSeconds;
        if (store is not null)
        {
            store.WritePairs();
            store.WriteSummary(RunSummary.Build([.. store.Rows], wall, wall, last, 0, inverter, generator, settings, _options));
        }

        var score = ModelScore.Of(model, results, wall, _options.Confidence);
        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: mean MSE {score.Mse.Mean:G4}, mean PSNR {score.Psnr.Mean:G4} dB, {score.Failed} failed, {wall:F1} s"));
        return new ComparisonRow { Model = model, Score = score, Prior = prior };
    }
}
