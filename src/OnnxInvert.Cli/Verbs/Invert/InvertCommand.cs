using System.Globalization;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Sharding;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Verbs.Invert;

/// <summary><c>onnxinvert invert</c>: an <see cref="InversionJob"/> over --images into the run folder --out.</summary>
internal static class InvertCommand
{
    public static int Run(InvertOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var (prior, priorNone, _) = PriorFlag.ParseAll(options.Prior);
        var range = RangeFlag.Parse(options.Range);
        var npyRange = RangeFlag.Parse(options.NpyRange, "--npy-range");
        var session = options.Settings(errors.WriteLine);
        string[] inputs = [.. new[] { options.Images, options.Model, options.Mask, InvertSettings.InitFile(options.Init) }.OfType<string>()];
        CliFolder(() => RunFolder.CheckPath(options.Out, inputs));
        var shard = ResolveShard(options);

        options.LoadRuntime();
        using var generator = ModelErrors.Open(options.Model, options.Apply(new GeneratorOptions
        {
            Prior = prior,
            OutputRange = range,
            Session = session,
            Notice = errors.WriteLine,
        }, TargetSize.Of(options.Images)));
        using var setup = InversionSetup.For(options, generator, session, prior, priorNone);
        using var inverter = setup.CreateInverter(generator, TargetSource.ConditionColumnsOf(options.Images)); // a CSV manifest's columns are each image's conditions
        var targets = TargetFiles.Open(options.Images, inverter, generator, options.Resize, m => errors.WriteLine($"invert: {m}"), npyRange);
        ModelErrors.CheckConditions(generator, options, targets.Count);
        string outFolder = options.Out;
        if (shard is not null)
        {
            targets = targets.ForShard(shard);
            outFolder = Path.Combine(options.Out, shard.FolderName);
            CliFolder(() => Directory.CreateDirectory(options.Out));
            errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invert: {shard} of {targets.Whole.Count} images: {targets.Shard!.Range} into {outFolder}"));
        }

        StartupGarbage.Release();
        using var folder = CliFolder(() => RunFolder.Open(outFolder, new RunFolderOptions { Resume = options.Resume, Overwrite = options.Overwrite, Inputs = inputs, Notice = errors.WriteLine }));
        var settings = setup.Settings;
        errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invert: {targets.Count} images from {options.Images}, latent {generator.LatentInput} [{string.Join(",", inverter.LatentShape)}], prior {inverter.Prior} ({inverter.Constraint}), {settings.Optimizer}, {settings.Schedule} schedule, {settings.Loss} loss, {settings.Steps} steps, batch {settings.BatchSize}, {settings.Restarts} restart(s)"));
        setup.Describe(inverter, options.Mask, m => errors.WriteLine($"invert: {m}"));
        var printer = new ProgressPrinter(errors, ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected, 0, targets.Count);
        var job = new InversionJob
        {
            Generator = generator,
            Inverter = inverter,
            Targets = targets,
            Folder = folder,
            Settings = FlagSettings.Of(options),
            InitialLatentsFile = InvertSettings.InitFile(options.Init),
            ReuseFolder = options.Reuse,
            Notice = m => errors.WriteLine($"invert: {m}"),
            Progress = printer,
            Checkpointed = inFlight => errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invert: {inFlight} image(s) in flight checkpointed at the step they reached ({Path.Combine(outFolder, RunFolder.CheckpointFile)}); --resume continues them from there")),
            Started = resumed =>
            {
                printer.AlreadyDone = resumed;
                if (resumed > 0)
                {
                    errors.WriteLine($"invert: resuming; {resumed} of {targets.Count} images already done");
                }
            },
        };
        JobResult outcome;
        try
        {
            outcome = CliFolder(() => job.Run(cancellationToken));
        }
        catch (OperationCanceledException) when (shard is not null && cancellationToken.IsCancellationRequested)
        {
            printer.Finish();
            errors.WriteLine($"invert: {shard} stopped; the images finished so far are saved in {outFolder}: rerun the same command with --resume to continue (exit code {ExitCodes.Retriable}, retriable)");
            return ExitCodes.Retriable;
        }
        finally
        {
            printer.Finish();
        }

        var summary = outcome.Summary;
        var timing = outcome.Timing;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {outFolder}: {outcome.Rows.Count} images, mean MSE {summary["mean_mse"]:G4}, mean PSNR {summary["mean_psnr"]:G4} dB, {timing.RunSeconds:F1} s ({timing.SecondsPerStep:G3} s per iteration){(outcome.Resumed > 0 ? $"; {timing.TotalSeconds:F1} s over all runs" : string.Empty)}"));
        return ExitCodes.Ok;
    }

    /// <summary>The shard from --shard-index/--shard-count or the scheduler's environment; null when the run is not sharded.</summary>
    private static ShardSpec? ResolveShard(InvertOptions options)
    {
        try
        {
            return ShardResolver.FromProcess(options.ShardIndex, options.ShardCount);
        }
        catch (ShardSpecException ex)
        {
            throw new UsageException($"invert: {ex.Message}");
        }
    }

    /// <summary>Runs <paramref name="action"/>, turning a run folder's refusal into the CLI's error (with the flag that resolves it).</summary>
    private static T CliFolder<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RunFolderException ex)
        {
            throw RunFolderErrors.ForCli(ex);
        }
    }

    private static void CliFolder(Action action) => CliFolder(() =>
    {
        action();
        return 0;
    });
}
