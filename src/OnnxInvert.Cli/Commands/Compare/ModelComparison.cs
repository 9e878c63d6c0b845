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
/// the results, and (with --out) keeps an inversion folder for it, which --resume continues. Any failure becomes a
/// failed row; only cancellation and a usage error (a folder to resume made with other settings) propagate.
/// </summary>
internal sealed class ModelComparison
{
    private readonly CompareOptions _options;
    private readonly SessionSettings _session;
    private readonly Prior? _prior;
    private readonly TextWriter _errors;
    private readonly string _settingsKey;

    /// <summary>
    /// Compares with <paramref name="options"/>; <paramref name="settingsKey"/> names the settings that shape the
    /// results, so that --resume only continues a model's folder made with the same ones.
    /// </summary>
    public ModelComparison(CompareOptions options, SessionSettings session, Prior? prior, TextWriter errors, string settingsKey)
    {
        _options = options;
        _session = session;
        _prior = prior;
        _errors = errors;
        _settingsKey = settingsKey;
    }

    /// <summary>Scores <paramref name="model"/>, the <paramref name="position"/>-th (from 1) of <paramref name="total"/>; <paramref name="folder"/> is its inversion folder, or null for none.</summary>
    public ComparisonRow Run(string model, int position, int total, string? folder, CancellationToken cancellationToken)
    {
        string label = string.Create(CultureInfo.InvariantCulture, $"compare [{position}/{total}]");
        try
        {
            return Score(model, label, folder, cancellationToken);
        }
        catch (Exception ex) when (ex is not UsageException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
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
            : ResultStore.Open(folder, targets, [.. inverter.LatentShape.Select(d => (int)d)], [.. inverter.ImageShape.Select(d => (int)d)], generator.OutputRange, $"{Path.GetFullPath(model)}|{_settingsKey}", _options.Resume, Math.Max(1, settings.BatchSize), _errors.WriteLine);
        string prior = $"{inverter.Prior} ({inverter.Constraint})";
        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: {targets.Count} images, latent {generator.LatentInput} [{string.Join(",", inverter.LatentShape)}], prior {prior}, {settings.Optimizer}, {settings.Loss} loss, {settings.Steps} steps, batch {settings.BatchSize}"));
        int resumed = store?.Resumed ?? 0;
        if (resumed > 0)
        {
            _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: resuming; {resumed} of {targets.Count} images already done"));
        }

        var results = new List<InversionResult>(targets.Count);
        var printer = new ProgressPrinter(_errors, ReferenceEquals(_errors, Console.Error) && !Console.IsErrorRedirected, resumed, targets.Count, label: label);
        var last = default(InversionProgress);
        var curve = new LossCurve();
        var clock = Stopwatch.StartNew();
        int[] pending = store?.Pending ?? [.. Enumerable.Range(0, targets.Count)];
        try
        {
            if (pending.Length > 0)
            {
                var inputs = targets.Select(pending, initial, inverter.LatentSize);
                InversionLoop.Run(inverter, inputs, r => { results.Add(r); store?.Add(r); }, new ProgressRelay(p => { last = p; curve.Add(p); printer.Report(p); }), cancellationToken);
            }
        }
        finally
        {
            printer.Finish();
            store?.Flush();
            if (folder is not null && pending.Length > 0)
            {
                curve.Write(folder);
            }
        }

        double wall = clock.Elapsed.TotalSeconds;
        ModelScore score;
        if (store is null)
        {
            score = ModelScore.Of(model, results, wall, _options.Confidence);
        }
        else
        {
            var rows = store.Rows.ToArray();
            store.WritePairs();
            store.WriteSummary(RunSummary.Build(rows, store.TotalSeconds, wall, last, resumed, inverter, generator, settings, _options));
            var finished = rows.Where(r => double.IsFinite(r.Loss)).Select(r => new ImageError(r.Mse, r.Mae, r.Psnr)).ToArray();
            score = ModelScore.Of(model, finished, rows.Length - finished.Length, store.TotalSeconds, _options.Confidence);
        }

        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: mean MSE {score.Mse.Mean:G4}, mean PSNR {score.Psnr.Mean:G4} dB, {score.Failed} failed, {score.WallSeconds:F1} s"));
        return new ComparisonRow { Model = model, Score = score, Prior = prior };
    }
}
