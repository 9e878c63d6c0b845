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
    public static int Run(InfoOptions options, TextWriter output)
    {
        var model = OnnxModelReader.Read(options.Model);
        var summary = ModelInspector.Inspect(model);
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
                    inputs = summary.Inputs.Select(Describe),
                    outputs = summary.Outputs.Select(Describe),
                    latent_candidates = summary.LatentCandidates.Select(l => l.Name),
                    image_output = summary.ImageOutput?.Name,
                    parameters = summary.ParameterCount,
                    initializers = summary.InitializerCount,
                    ops = ops.Select(o => new { op_type = o.OpType, domain = o.Domain, count = o.Count, gradient = o.Support.ToString().ToLowerInvariant() }),
                    metadata = summary.Metadata,
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
            output.WriteLine($"  {input.Name,-24} {input,-28}{(input == latent ? "  <- latent" : summary.LatentCandidates.Contains(input) ? "  <- latent (candidate)" : string.Empty)}");
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
        foreach (var (key, value) in summary.Metadata)
        {
            output.WriteLine($"metadata    {key} = {(value.Length > 80 ? value[..77] + "..." : value)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>An input or output as JSON: fixed dimensions as numbers, symbolic ones as their names.</summary>
    private static object Describe(ValueSignature value) => new
    {
        name = value.Name,
        type = Onnx.Tensors.ElementTypes.Name(value.ElementType),
        shape = value.Dims?.Select((d, axis) => value.FixedDim(axis) is long n ? (object)n : d),
    };

    private sealed record OpRow(string OpType, string Domain, int Count, OpSupport Support);
}
