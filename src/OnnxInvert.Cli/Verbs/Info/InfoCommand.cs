using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OnnxInvert.Autodiff;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Info;

/// <summary><c>onnxinvert info MODEL</c>.</summary>
internal static class InfoCommand
{
    public static int Run(InfoOptions options, TextWriter output, TextWriter errors)
    {
        var model = OnnxModelReader.Read(options.Model);
        var summary = ModelInspector.Inspect(model);
        var view = AdaptationView.Of(options.Model, options, summary, errors);
        var ops = model.Graph.Node
            .GroupBy(n => (n.Domain is "ai.onnx" ? string.Empty : n.Domain, n.OpType))
            .Select(g => new OpRow(g.Key.Item2, g.Key.Item1, g.Count(), GradientSupport.Classify(g.Key.Item2, g.Key.Item1)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.OpType, StringComparer.Ordinal)
            .ToArray();

        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(
                new
                {
                    model = options.Model,
                    producer = summary.Producer,
                    ir_version = summary.IrVersion,
                    opsets = summary.Opsets.ToDictionary(o => o.Key.Length == 0 ? "ai.onnx" : o.Key, o => o.Value),
                    inputs = summary.Inputs.Select(i => Describe(i, view)),
                    outputs = summary.Outputs.Select(o => Describe(o, null)),
                    latent_candidates = summary.LatentCandidates.Select(l => l.Name),
                    image_output = summary.ImageOutput?.Name,
                    parameters = summary.ParameterCount,
                    initializers = summary.InitializerCount,
                    ops = ops.Select(o => new { op_type = o.OpType, domain = o.Domain, count = o.Count, gradient = o.Support.ToString().ToLowerInvariant() }),
                    metadata = summary.Metadata,
                    adaptation = Json(view),
                },
                new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return ExitCodes.Ok;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"model       {options.Model}");
        output.WriteLine($"graph       {summary.GraphName} (producer {summary.Producer}, IR {summary.IrVersion}, opsets {string.Join(", ", summary.Opsets.Select(o => $"{(o.Key.Length == 0 ? "ai.onnx" : o.Key)} {o.Value}"))})");
        output.WriteLine(string.Create(inv, $"parameters  {summary.ParameterCount:N0} in {summary.InitializerCount} initializers"));
        output.WriteLine("inputs");
        var latent = summary.LatentCandidates.FirstOrDefault();
        foreach (var input in summary.Inputs)
        {
            string role = view.Roles.TryGetValue(input.Name, out var known) ? known
                : input == latent ? "latent (detected)" : summary.LatentCandidates.Contains(input) ? "latent (candidate)" : string.Empty;
            output.WriteLine($"  {input.Name,-24} {input,-28}  {role}".TrimEnd());
        }

        output.WriteLine("outputs");
        foreach (var o in summary.Outputs)
        {
            output.WriteLine($"  {o.Name,-24} {o,-28}{(o == summary.ImageOutput ? "  <- image" : string.Empty)}");
        }

        output.WriteLine("ops (nodes, gradient)");
        foreach (var row in ops)
        {
            string name = row.Domain.Length == 0 ? row.OpType : $"{row.Domain}.{row.OpType}";
            output.WriteLine($"  {name,-24} {row.Count,5}  {row.Support.ToString().ToLowerInvariant()}");
        }

        var unsupported = ops.Where(o => GradientSupport.FailsOnPath(o.Support)).Select(o => o.OpType).ToArray();
        output.WriteLine(unsupported.Length == 0
            ? "gradient    every op type is differentiable or pass-through"
            : $"gradient    no rule for: {string.Join(", ", unsupported)} (inversion fails only if one lies between the latent and the image)");
        WriteAdaptation(view, output);
        foreach (var (key, value) in summary.Metadata)
        {
            output.WriteLine($"metadata    {key} = {(value.Length > 80 ? value[..77] + "..." : value)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>What the verbs that run the generator would use: latents, fixed inputs, image, layout, range, batch, changes.</summary>
    private static void WriteAdaptation(AdaptationView view, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        if (view.Adapted is not { } adapted)
        {
            output.WriteLine($"adaptation  not possible: {view.Error}");
            foreach (string note in view.Notes)
            {
                output.WriteLine($"  note      {note}");
            }

            return;
        }

        output.WriteLine("adaptation (what invert, sample, grad and check-grad run)");
        foreach (var l in view.Latents)
        {
            output.WriteLine(string.Create(inv, $"  latent    {l.Name,-28} [{string.Join(",", l.Shape)}] per sample, {(l.IsCut ? "cut point (the graph is cut there)" : "graph input")}, prior {view.Priors.GetValueOrDefault(l.Name)}"));
        }

        foreach (var f in view.Fixed)
        {
            output.WriteLine($"  {InputRole.OfFixed(f),-9} {f.Name,-28} {f}: held fixed; give --input {f.Name}=VALUE or FILE.npy (or name it with --latent)");
        }

        output.WriteLine(string.Create(inv, $"  image     {adapted.ImageSource,-28} layout {adapted.Layout.ToString().ToLowerInvariant()}, [C,H,W] = [{string.Join(",", adapted.ImageShape)}], range {view.DescribeRange()}"));
        output.WriteLine(string.Create(inv, $"  batch     {(adapted.FixedBatch is { } b ? $"fixed at {b}: the model is called per chunk of {b}" : "any")}"));
        foreach (string change in adapted.Changes)
        {
            output.WriteLine($"  change    {change}");
        }

        foreach (string note in view.Notes.Where(n => !adapted.Changes.Any(c => n.EndsWith(c, StringComparison.Ordinal))))
        {
            output.WriteLine($"  note      {note}");
        }
    }

    /// <summary>The adaptation as JSON.</summary>
    private static object Json(AdaptationView view) => view.Adapted is not { } adapted
        ? new { error = view.Error, notes = view.Notes }
        : new
        {
            latents = view.Latents.Select(l => new { name = l.Name, shape = l.Shape, cut_point = l.IsCut, prior = view.Priors.GetValueOrDefault(l.Name) }),
            fixed_inputs = view.Fixed.Select(f => new { name = f.Name, role = InputRole.OfFixed(f), type = Onnx.Tensors.ElementTypes.Name(f.ElementType), shape = Shape(f) }),
            image = new
            {
                tensor = adapted.ImageSource,
                layout = adapted.Layout.ToString().ToLowerInvariant(),
                shape = adapted.ImageShape,
                range = new[] { view.Range.Low, view.Range.High },
                range_source = view.DescribeRange(),
            },
            fixed_batch = adapted.FixedBatch,
            changes = adapted.Changes,
            notes = view.Notes,
        };

    /// <summary>An input or output as JSON: fixed dimensions as numbers, symbolic ones as their names; inputs with their role.</summary>
    private static object Describe(ValueSignature value, AdaptationView? view) => new
    {
        name = value.Name,
        type = Onnx.Tensors.ElementTypes.Name(value.ElementType),
        shape = Shape(value),
        role = view?.Roles.GetValueOrDefault(value.Name),
    };

    private static IEnumerable<object>? Shape(ValueSignature value) => value.Dims?.Select((d, axis) => value.FixedDim(axis) is long n ? (object)n : d);

    private sealed record OpRow(string OpType, string Domain, int Count, OpSupport Support);
}
