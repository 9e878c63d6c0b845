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
        var (prior, _) = InvertSettings.ParsePrior(options.Prior);
        var session = options.Settings(errors.WriteLine);
        InversionSetup.Validate(options, session);
        var range = InvertSettings.ParseRange(options.Range);
        string? initFile = InvertSettings.InitFile(options.Init);

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
        using var setup = InversionSetup.For(options, generator, session);
        var settings = setup.Settings;
        var encoder = setup.Encoder;
        float[]? mask = setup.Mask;
        using (var inverter = setup.CreateInverter(generator))
        {
            var targets = TargetSet.Load(options.Images, inverter.ImageShape, generator.OutputRange, m => errors.WriteLine($"invert: {m}"), options.Resize);
            float[]? initial = initFile is null ? null : InitialLatents.Load(initFile, targets.Count, inverter);
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
            var curve = new LossCurve();
            var progress = new ProgressRelay(p =>
            {
                last = p;
                curve.Add(p);
                printer.Report(p);
            });
            if (pending.Length > 0)
            {
                var subset = targets.Select(pending, initial, inverter.LatentSize);
                try
                {
                    InversionLoop.Run(inverter, subset, store.Add, progress, cancellationToken);
                }
                finally
                {
                    store.Flush();
                    curve.Write(options.Out);
                }
            }

            printer.Finish();
            store.WritePairs();
            store.Flush();
            double wall = stopwatch.Elapsed.TotalSeconds;
            var rows = store.Rows.ToArray();
            var summary = RunSummary.Build(rows, store.TotalSeconds, wall, last, store.Resumed, inverter, generator, settings, options);
            store.WriteSummary(summary);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {options.Out}: {rows.Length} images, mean MSE {summary["mean_mse"]:G4}, mean PSNR {summary["mean_psnr"]:G4} dB, {wall:F1} s ({summary["seconds_per_step"]:G3} s per iteration){(store.Resumed > 0 ? $"; {store.TotalSeconds:F1} s over all runs" : string.Empty)}"));
        }

        return ExitCodes.Ok;
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
}
