using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Grad;

[Verb("grad", HelpText = "Build the VJP (gradient) model of a generator, adapted as invert adapts it (fixed batch, cut points, layout, symbolic latent dims): inputs = latents + fixed inputs + <image>_grad cotangent; outputs = the float NCHW image + <latent>_grad.")]
internal sealed class GradOptions : ModelFlags
{
    [Value(0, MetaName = "MODEL", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option('o', "out", Required = true, HelpText = "Where to write the VJP model (.onnx).")]
    public string Out { get; set; } = string.Empty;

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Gradient graph of the MNIST generator", new GradOptions { Model = Usage.MnistModel, Out = "G.vjp.onnx" }),
        new("Only the latent z and the output image, by name", new GradOptions { Model = Usage.MnistModel, Out = "G.vjp.onnx", Latent = ["z"], Output = "image" }),
    ];
}
