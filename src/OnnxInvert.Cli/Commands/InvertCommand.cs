using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Cli.Commands.Invert;
using OnnxInvert.Cli.Options;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Commands;

/// <summary><c>onnxinvert invert</c>: latents for a set of images, with reconstructions, metrics and a summary.</summary>
internal static class InvertCommand
{
    public static int Run(InvertOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var (prior, priorNone) = InvertSettings.ParsePrior(options.Prior);
        var session = options.Settings(errors.WriteLine);
        var settings = InvertSettings.Build(options, prior, priorNone, session);
        var range = InvertSettings.ParseRange(options.Range);
        string? initFile = InvertSettings.InitFile(options.Init);
        string? encoderFile = InvertSettings.EncoderFile(options.Init);

        options.LoadRuntime();
        using var generator = Generator.Open(options.Model, new GeneratorOptions
        {
            LatentInput = options.Latent,
            ImageOutput = options.Output,
            Prior = prior,
            OutputRange = range,
            Session = session,
            Notice = errors.WriteLine,
        });
        using var encoder = encoderFile is null ? null : LatentEncoder.Open(ResolveEncoder(encoderFile, generator), session);
        float[]? mask = options.Mask is null ? null : MaskFile.Load(options.Mask, generator.ImageShape);
        if (encoder is not null || mask is not null)
        {
            settings = InvertSettings.Build(options, prior, priorNone, session, encoder, mask);
        }

        Inverter inverter;
        try
        {
            inverter = Inverter.Create(generator, settings);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        using (inverter)
        {
            var targets = TargetSet.Load(options.Images, inverter.ImageShape, generator.OutputRange, errors.WriteLine, options.Resize);
            float[]? initial = initFile is null ? null : LoadInitialLatents(initFile, targets.Count, inverter);
            string fingerprint = Fingerprint(options, generator, targets.Count);
            var store = ResultStore.Open(options.Out, targets, [.. inverter.LatentShape.Select(d => (int)d)], [.. inverter.ImageShape.Select(d => (int)d)], generator.OutputRange, fingerprint, options.Resume, Math.Max(1, options.Batch), errors.WriteLine);

            errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invert: {targets.Count} images from {options.Images}, latent {generator.LatentInput} [{string.Join(",", inverter.LatentShape)}], prior {inverter.Prior} ({inverter.Constraint}), {settings.Optimizer}, {settings.Schedule} schedule, {settings.Loss} loss, {settings.Steps} steps, batch {settings.BatchSize}, {settings.Restarts} restart(s)"));
            if (encoder is not null)
            {
                errors.WriteLine($"invert: hybrid initialisation: encoder {encoder} proposes the starting latents{(settings.Restarts > 1 ? " of restart 0; the other restarts start from the prior" : string.Empty)}");
            }

            if (mask is not null)
            {
                errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invert: mask {options.Mask}: {mask.Count(w => w > 0)} of {mask.Length} weights are non-zero"));
            }

            if (!inverter.SamplesIndependent)
            {
                string why = inverter.Coupling.Count > 0 ? $"the generator mixes samples ({string.Join("; ", inverter.Coupling.Take(3))}{(inverter.Coupling.Count > 3 ? "; ..." : string.Empty)})" : "moment matching over the batch mixes samples";
                errors.WriteLine($"invert: {why}; each batch runs as a unit (no refilling), and results depend on which images share a batch");
            }

            if (store.Resumed > 0)
            {
                errors.WriteLine($"invert: resuming; {store.Resumed} of {targets.Count} images already done");
            }

            int[] pending = store.Pending;
            var stopwatch = Stopwatch.StartNew();
            var printer = new ProgressPrinter(errors, ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected, store.Resumed, targets.Count);
            var last = default(InversionProgress);
            var progress = new Relay(p =>
            {
                last = p;
                printer.Report(p);
            });
            if (pending.Length > 0)
            {
                var subset = Subset(targets, pending, initial, inverter.LatentSize);
                RunLoop(inverter, subset, store, progress, cancellationToken);
            }

            printer.Finish();
            store.Flush();
            store.WritePairs();
            double wall = stopwatch.Elapsed.TotalSeconds;
            var rows = store.Rows.ToArray();
            var summary = Summary(rows, wall, last, store.Resumed, inverter, generator, settings, options);
            store.WriteSummary(summary);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {options.Out}: {rows.Length} images, mean MSE {summary["mean_mse"]:G4}, mean PSNR {summary["mean_psnr"]:G4} dB, {wall:F1} s ({summary["seconds_per_step"]:G3} s per iteration)"));
        }

        return ExitCodes.Ok;
    }

    private static void RunLoop(Inverter inverter, InversionTargets subset, ResultStore store, IProgress<InversionProgress> progress, CancellationToken cancellationToken)
    {
        var enumerator = inverter.InvertAsync(subset, progress, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                store.Add(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            store.Flush();
        }
    }

    private static InversionTargets Subset(TargetSet targets, int[] pending, float[]? initial, int latentSize)
    {
        int length = targets.Data.Length / Math.Max(1, targets.Count);
        var data = new float[pending.Length * length];
        float[]? latents = initial is null ? null : new float[pending.Length * latentSize];
        for (int k = 0; k < pending.Length; k++)
        {
            targets.Data.AsSpan(pending[k] * length, length).CopyTo(data.AsSpan(k * length));
            initial?.AsSpan(pending[k] * latentSize, latentSize).CopyTo(latents.AsSpan(k * latentSize));
        }

        return new InversionTargets(data, pending.Length, [.. pending.Select(i => targets.Names[i])], pending, latents);
    }

    /// <summary>The encoder of --init encoder:PATH, or for a bare --init encoder the one the model card names beside the model.</summary>
    private static string ResolveEncoder(string file, Generator generator)
    {
        if (file.Length > 0)
        {
            return file;
        }

        string? named = generator.Card?.Encoder?.File;
        if (named is null)
        {
            throw new UsageException($"--init encoder: the model card of {generator.Path} names no encoder; give one with --init encoder:PATH.onnx");
        }

        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(generator.Path)) ?? ".", named);
    }

    private static float[] LoadInitialLatents(string path, int count, Inverter inverter)
    {
        var array = NpyFile.Read(path);
        int[] expected = [count, .. inverter.LatentShape.Select(d => (int)d)];
        if (array.Length != count * inverter.LatentSize || array.Shape[0] != count)
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", array.Shape)}); --init needs ({string.Join(", ", expected)}), one latent per image");
        }

        return array.ToSingleArray();
    }

    private static string Fingerprint(InvertOptions o, Generator generator, int count) => string.Join(
        "|",
        Path.GetFullPath(o.Model),
        new FileInfo(o.Model).Length.ToString(CultureInfo.InvariantCulture),
        Path.GetFullPath(o.Images),
        count.ToString(CultureInfo.InvariantCulture),
        generator.LatentInput,
        generator.ImageOutput,
        generator.Prior.ToString(),
        FormattableString.Invariant($"{o.Steps};{o.Optimizer};{o.LearningRate};{o.Momentum};{o.Schedule};{o.Loss};{o.Prior};{o.PriorMode};{o.Beta};{o.Gamma1};{o.Gamma2};{o.MomentScope};{o.Init};{o.Seed};{o.Restarts};{o.Tolerance};{o.Patience};{o.MaxReinit};{o.Range}") + HybridFingerprint(o));

    /// <summary>The --mask and --resize part of the fingerprint (empty without them, so older runs still resume).</summary>
    private static string HybridFingerprint(InvertOptions o) => o.Mask is null && !o.Resize
        ? string.Empty
        : FormattableString.Invariant($";mask={(o.Mask is null ? string.Empty : Path.GetFullPath(o.Mask))};{new FileInfo(o.Mask ?? o.Model).Length};resize={o.Resize}");

    private static Dictionary<string, object?> Summary(ResultRow[] rows, double wall, InversionProgress last, int resumed, Inverter inverter, Generator generator, InversionOptions settings, InvertOptions o)
    {
        var finite = rows.Where(r => double.IsFinite(r.Loss)).ToArray();
        double Mean(Func<ResultRow, double> f) => finite.Length == 0 ? double.NaN : finite.Average(f);
        return new Dictionary<string, object?>
        {
            ["images"] = rows.Length,
            ["mean_mse"] = Mean(r => r.Mse),
            ["mean_mae"] = Mean(r => r.Mae),
            ["mean_psnr"] = Mean(r => r.Psnr),
            ["mean_loss"] = Mean(r => r.Loss),
            ["converged"] = rows.Count(r => r.Converged),
            ["failed"] = rows.Length - finite.Length,
            ["reinitializations"] = rows.Sum(r => r.Reinitializations),
            ["resumed_images"] = resumed,
            ["wall_seconds"] = wall,
            ["iterations"] = last.Iteration,
            ["sample_steps"] = last.SampleSteps,
            ["seconds_per_step"] = last.Iteration == 0 ? 0 : wall / last.Iteration,
            ["seconds_per_sample_step"] = last.SampleSteps == 0 ? 0 : wall / last.SampleSteps,
            ["samples_independent"] = inverter.SamplesIndependent,
            ["coupling"] = inverter.Coupling.Select(c => c.ToString()).ToArray(),
            ["model"] = o.Model,
            ["latent"] = generator.LatentInput,
            ["output"] = generator.ImageOutput,
            ["output_range"] = new[] { generator.OutputRange.Low, generator.OutputRange.High },
            ["prior"] = inverter.Prior.ToString(),
            ["constraint"] = inverter.Constraint,
            ["optimizer"] = settings.Optimizer.ToString(),
            ["schedule"] = settings.Schedule.ToString(),
            ["loss"] = settings.Loss.ToString().ToLowerInvariant(),
            ["steps"] = settings.Steps,
            ["batch"] = settings.BatchSize,
            ["restarts"] = settings.Restarts,
            ["seed"] = settings.Seed,
            ["init"] = o.Init,
            ["mask"] = o.Mask,
            ["resize"] = o.Resize,
            ["preset"] = o.Preset,
        };
    }

    /// <summary>Forwards reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class Relay(Action<InversionProgress> report) : IProgress<InversionProgress>
    {
        public void Report(InversionProgress value) => report(value);
    }
}
