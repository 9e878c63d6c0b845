using System.Globalization;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.Compare;

/// <summary>
/// One model of <c>compare</c>: opens it with its own model card, runs the same <see cref="InversionJob"/> as
/// <c>invert</c> with the shared flags (into an inversion folder with --out, which --resume continues), and scores the
/// rows. Any failure becomes a failed row; only cancellation and a usage error (a folder to resume made with other
/// settings) propagate.
/// </summary>
internal sealed class ModelComparison
{
    private readonly CompareOptions _options;
    private readonly SessionSettings _session;
    private readonly Prior? _prior;
    private readonly bool _priorNone;
    private readonly TextWriter _errors;

    /// <summary>Compares with <paramref name="options"/>; <paramref name="prior"/> and <paramref name="priorNone"/> are --prior, parsed once.</summary>
    public ModelComparison(CompareOptions options, SessionSettings session, Prior? prior, bool priorNone, TextWriter errors)
    {
        _options = options;
        _session = session;
        _prior = prior;
        _priorNone = priorNone;
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
        catch (RunFolderException ex) when (RunFolderErrors.ForCli(ex) is UsageException usage)
        {
            throw usage;
        }
        catch (Exception ex) when (ex is not UsageException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            _errors.WriteLine($"{label} {model}: FAILED: {ex.Message}");
            return new ComparisonRow { Model = model, Error = ex.Message };
        }
    }

    private ComparisonRow Score(string model, string label, string? folderPath, CancellationToken cancellationToken)
    {
        using var generator = Generator.Open(model, new GeneratorOptions { Prior = _prior, Session = _session, Notice = m => _errors.WriteLine($"{label} {m}") });
        using var setup = InversionSetup.For(_options, generator, _session, _prior, _priorNone);
        using var inverter = setup.CreateInverter(generator);
        var settings = setup.Settings;
        var targets = TargetFiles.Open(_options.Images, inverter, generator, _options.Resize, m => _errors.WriteLine($"compare: {m}"));
        using var folder = folderPath is null ? null : RunFolder.Open(folderPath, new RunFolderOptions { Resume = _options.Resume, Notice = _errors.WriteLine });
        string prior = $"{inverter.Prior} ({inverter.Constraint})";
        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: {targets.Count} images, latent {generator.LatentInput} [{string.Join(",", inverter.LatentShape)}], prior {prior}, {settings.Optimizer}, {settings.Loss} loss, {settings.Steps} steps, batch {settings.BatchSize}"));
        var printer = new ProgressPrinter(_errors, ReferenceEquals(_errors, Console.Error) && !Console.IsErrorRedirected, 0, targets.Count, label: label);
        var job = new InversionJob
        {
            Generator = generator,
            Inverter = inverter,
            Targets = targets,
            Folder = folder,
            Settings = FlagSettings.Of(_options),
            InitialLatentsFile = InvertSettings.InitFile(_options.Init),
            Progress = printer,
            Started = resumed =>
            {
                printer.AlreadyDone = resumed;
                if (resumed > 0)
                {
                    _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: resuming; {resumed} of {targets.Count} images already done"));
                }
            },
        };
        JobResult outcome;
        try
        {
            outcome = job.Run(cancellationToken);
        }
        finally
        {
            printer.Finish();
        }

        var finished = outcome.Rows.Where(r => !r.Failed).Select(r => new ImageError(r.Mse, r.Mae, r.Psnr)).ToArray();
        var score = ModelScore.Of(model, finished, outcome.Rows.Count - finished.Length, outcome.Timing.TotalSeconds, _options.Confidence);
        _errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {model}: mean MSE {score.Mse.Mean:G4}, mean PSNR {score.Psnr.Mean:G4} dB, {score.Failed} failed, {score.WallSeconds:F1} s"));
        return new ComparisonRow { Model = model, Score = score, Prior = prior };
    }
}
