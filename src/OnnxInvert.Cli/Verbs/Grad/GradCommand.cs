using System.Globalization;
using OnnxInvert.Autodiff;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Grad;

/// <summary><c>onnxinvert grad MODEL --out G.vjp.onnx</c>: the VJP model of the adapted generator, and every input it needs.</summary>
internal static class GradCommand
{
    public static int Run(GradOptions options, TextWriter output, TextWriter errors)
    {
        options.LoadRuntime();
        var settings = options.Settings(errors.WriteLine);
        using var generator = GradientTarget.Open(options.Model, options, settings, errors);
        var model = generator.Model;
        var spec = GradientTarget.Spec(generator);
        var notes = GradientTarget.Notes(model, errors, "grad: ");
        notes?.Invoke(string.Create(CultureInfo.InvariantCulture, $"probing shapes ({model.Graph.Node.Count:N0} nodes)"));
        var shapes = ShapeProbe.Run(model, settings: settings);
        var vjp = VjpGraphBuilder.Build(model, shapes, spec, notes is null ? null : note => notes($"building the gradient graph: {note}"));
        notes?.Invoke(string.Create(CultureInfo.InvariantCulture, $"writing {vjp.Graph.Node.Count:N0} nodes"));
        OnnxModelWriter.Write(vjp, options.Out);
        output.WriteLine($"wrote {options.Out}: {vjp.Graph.Node.Count - model.Graph.Node.Count} backward nodes added to the adapted generator");
        output.WriteLine("  inputs");
        foreach (string line in GradientTarget.DescribeInputs(vjp, spec))
        {
            output.WriteLine($"  {line}");
        }

        output.WriteLine($"  outputs {string.Join(", ", spec.Outputs.Concat(spec.Latents.Select(GradientSpec.GradientName)))}");
        if (generator.FixedBatch is { } batch)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  batch   fixed at {batch}: the model runs only at its exported batch size"));
        }

        return ExitCodes.Ok;
    }
}
