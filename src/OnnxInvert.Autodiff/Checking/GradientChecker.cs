using System.Globalization;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Autodiff.Checking;

/// <summary>
/// Checks a VJP graph against central finite differences along random directions: for each latent and direction u,
/// ⟨vᵀJ, u⟩ from the VJP graph is compared with (⟨v, G(z + h·u)⟩ − ⟨v, G(z − h·u)⟩) / 2h from the forward model,
/// taking the best of several steps h (rounding error grows as h shrinks, truncation error as it grows).
/// </summary>
public static class GradientChecker
{
    private static readonly double[] DoubleSteps = [1e-4, 1e-5, 1e-6];
    private static readonly double[] FloatSteps = [3e-2, 1e-2, 3e-3, 1e-3];

    /// <summary>Checks the VJP of <paramref name="model"/> for <paramref name="spec"/>.</summary>
    public static GradientCheckReport Check(ModelProto model, GradientSpec spec, GradientCheckOptions? options = null, SessionSettings? settings = null)
    {
        options ??= new GradientCheckOptions();
        settings ??= new SessionSettings();
        string? note = null;
        if (options.PreferDouble)
        {
            try
            {
                return Run(PrecisionConverter.ToDouble(model), spec, options, settings, "float64", null);
            }
            catch (OrtException ex)
            {
                note = $"float64 unavailable: {FirstLine(ex.Message)}";
            }
            catch (NotSupportedException ex)
            {
                note = $"float64 unavailable: {ex.Message}";
            }
        }

        return Run(model, spec, options, settings, "float32", note);
    }

    private static GradientCheckReport Run(ModelProto model, GradientSpec spec, GradientCheckOptions options, SessionSettings settings, string precision, string? note)
    {
        var progress = options.Progress;
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{precision}: probing shapes ({model.Graph.Node.Count:N0} nodes)"));
        var shapes = ShapeProbe.Run(model, options.InputDims, settings);
        var vjp = VjpGraphBuilder.Build(model, shapes, spec, progress is null ? null : note => progress($"{precision}: building the gradient graph: {note}"));
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{precision}: creating the runtime sessions ({model.Graph.Node.Count:N0} forward, {vjp.Graph.Node.Count:N0} gradient nodes)"));
        using var forward = new ModelRunner(model, settings);
        using var backward = new ModelRunner(vjp, settings);
        progress?.Invoke($"{precision}: runtime sessions ready");
        var random = new Random(options.Seed);

        var inputs = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in model.Graph.Input.Where(i => !initializers.Contains(i.Name)))
        {
            var info = shapes[input.Name];
            if (options.FixedInputs?.GetValueOrDefault(input.Name) is { } given)
            {
                inputs[input.Name] = given.Shape.SequenceEqual(info.Dims) ? given
                    : throw new ArgumentException($"the value given for input '{input.Name}' has shape [{string.Join(",", given.Shape)}]; the check runs it at [{string.Join(",", info.Dims)}]");
                continue;
            }

            inputs[input.Name] = HostTensor.Create(Normal(random, info.Dims.Aggregate(1L, (a, d) => a * d), options.LatentScale), info.Dims);
        }

        foreach (string name in options.FixedInputs?.Keys ?? [])
        {
            if (!inputs.ContainsKey(name) || spec.Latents.Contains(name))
            {
                throw new ArgumentException($"a fixed value is given for '{name}', which is not a non-latent input of the model");
            }
        }

        var outputs = forward.Run(inputs, spec.Outputs);
        var cotangents = spec.Outputs.ToDictionary(o => o, o => HostTensor.Create(Normal(random, outputs[o].Data.Length, 1), outputs[o].Shape), StringComparer.Ordinal);
        var feeds = new Dictionary<string, HostTensor>(inputs, StringComparer.Ordinal);
        foreach (var (output, v) in cotangents)
        {
            feeds[GradientSpec.CotangentName(output)] = v;
        }

        var grads = backward.Run(feeds, spec.Latents.Select(GradientSpec.GradientName).ToArray());
        double Objective(Dictionary<string, HostTensor> at)
        {
            var y = forward.Run(at, spec.Outputs);
            return spec.Outputs.Sum(o => y[o].Dot(cotangents[o]));
        }

        var results = new List<GradientCheckReport.LatentCheck>();
        double[] steps = precision == "float64" ? DoubleSteps : FloatSteps;
        foreach (string latent in spec.Latents)
        {
            var z = inputs[latent];
            GradientCheckReport.LatentCheck? worst = null;
            for (int d = 0; d < options.Directions; d++)
            {
                var u = HostTensor.Create(Normal(random, z.Data.Length, 1), z.Shape);
                double norm = Math.Sqrt(u.Dot(u));
                u = u with { Data = u.Data.Select(x => x / norm).ToArray() };
                double analytic = grads[GradientSpec.GradientName(latent)].Dot(u);
                GradientCheckReport.LatentCheck? best = null;
                foreach (double h in steps)
                {
                    double plus = Objective(new(inputs) { [latent] = z.Step(u, h) });
                    double minus = Objective(new(inputs) { [latent] = z.Step(u, -h) });
                    double numeric = (plus - minus) / (2 * h);
                    double error = Math.Abs(numeric - analytic) / Math.Max(Math.Max(Math.Abs(numeric), Math.Abs(analytic)), 1e-12);
                    if (best is null || error < best.RelativeError)
                    {
                        best = new GradientCheckReport.LatentCheck(latent, error, analytic, numeric, h);
                    }
                }

                if (worst is null || best!.RelativeError > worst.RelativeError)
                {
                    worst = best;
                }
            }

            results.Add(worst!);
        }

        return new GradientCheckReport { Precision = precision, PrecisionNote = note, Latents = results };
    }

    private static double[] Normal(Random random, long count, double scale)
    {
        var values = new double[count];
        for (long i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return values;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
