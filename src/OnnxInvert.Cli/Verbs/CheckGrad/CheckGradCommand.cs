using System.Globalization;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.CheckGrad;

/// <summary><c>onnxinvert check-grad MODEL</c>: per-latent relative error of the adapted generator's VJP against finite differences.</summary>
internal static class CheckGradCommand
{
    public static int Run(CheckGradOptions options, TextWriter output, TextWriter errors)
    {
        options.LoadRuntime();
        var settings = options.Settings(errors.WriteLine);
        using var generator = GradientTarget.Open(options.Model, options, settings, errors);
        var spec = GradientTarget.Spec(generator);
        GradientCheckReport report;
        try
        {
            // Condition inputs take their --input (or card) values at the check's batch; row i of a per-image value feeds
            // sample i. A float input without a value (a noise map) is drawn at random like the latents; others need one.
            int batch = (int)(generator.FixedBatch ?? ShapeProbe.Batches.First);
            var fixedInputs = generator.ConditionBatch(options.Conditions(), batch)
                .ToDictionary(p => p.Key, p => HostTensor.Create(p.Value.Values, p.Value.Shape), StringComparer.Ordinal);
            foreach (var input in generator.Inputs.Where(i => !fixedInputs.ContainsKey(i.Name) && i.ElementType is not (TensorElementType.Float or TensorElementType.Double)))
            {
                throw new UsageException($"{options.Model}: input {input.Describe()} is neither a latent nor given a value; give it one with --input {input.Name}=VALUE (or FILE.npy)");
            }

            foreach (var input in generator.Inputs.Where(i => !fixedInputs.ContainsKey(i.Name)))
            {
                errors.WriteLine($"check-grad: input '{input.Name}' has no value; drawn at random like the latents (give it one with --input {input.Name}=VALUE)");
            }

            report = GradientChecker.Check(
                generator.Model,
                spec,
                new GradientCheckOptions
                {
                    Directions = options.Directions,
                    Seed = options.Seed,
                    PreferDouble = !options.Float32,
                    FixedInputs = fixedInputs,
                    Progress = GradientTarget.Notes(generator.Model, errors, "check-grad: "),
                },
                settings);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message.StartsWith(options.Model, StringComparison.Ordinal) ? ex.Message : $"{options.Model}: {ex.Message}");
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"precision {report.Precision}{(report.PrecisionNote is null ? string.Empty : $" ({report.PrecisionNote})")}");
        output.WriteLine($"{"latent",-20} {"rel. error",12} {"analytic",14} {"numeric",14} {"step",8}");
        foreach (var latent in report.Latents)
        {
            output.WriteLine(string.Create(inv, $"{latent.Latent,-20} {latent.RelativeError,12:E2} {latent.Analytic,14:G7} {latent.Numeric,14:G7} {latent.Step,8:G2}"));
        }

        double tolerance = options.Tolerance ?? (report.Precision == "float64" ? 1e-6 : 5e-3);
        bool ok = report.MaxRelativeError <= tolerance;
        output.WriteLine(string.Create(inv, $"{(ok ? "PASS" : "FAIL")}: worst relative error {report.MaxRelativeError:E2} (tolerance {tolerance:E1})"));
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
