using OnnxInvert.Autodiff;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Grad;

/// <summary><c>onnxinvert grad MODEL --out G.vjp.onnx</c>.</summary>
internal static class GradCommand
{
    public static int Run(GradOptions options, TextWriter output, TextWriter errors)
    {
        options.LoadRuntime();
        var model = OnnxModelReader.Read(options.Model);
        var spec = GraphSelection.Resolve(model, options.Latents, options.Outputs);
        var shapes = ShapeProbe.Run(model, settings: options.Settings(errors.WriteLine));
        var vjp = VjpGraphBuilder.Build(model, shapes, spec);
        OnnxModelWriter.Write(vjp, options.Out);
        output.WriteLine($"wrote {options.Out}: {vjp.Graph.Node.Count - model.Graph.Node.Count} backward nodes added");
        output.WriteLine($"  inputs  {string.Join(", ", spec.Latents.Concat(spec.Outputs.Select(GradientSpec.CotangentName)))}");
        output.WriteLine($"  outputs {string.Join(", ", spec.Outputs.Concat(spec.Latents.Select(GradientSpec.GradientName)))}");
        return ExitCodes.Ok;
    }
}
