using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Grad;

[Verb("grad", HelpText = "Build the VJP (gradient) model of a generator: inputs = latents + <output>_grad cotangents; outputs = the generator's outputs + <latent>_grad.")]
internal sealed class GradOptions : CommonOptions
{
    [Value(0, MetaName = "MODEL", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option('o', "out", Required = true, HelpText = "Where to write the VJP model (.onnx).")]
    public string Out { get; set; } = string.Empty;

    [Option("latent", HelpText = "Latent input(s) to differentiate (repeatable). Default: every float input.")]
    public IEnumerable<string> Latents { get; set; } = [];

    [Option("output", HelpText = "Output(s) whose cotangents are pulled back (repeatable). Default: every output.")]
    public IEnumerable<string> Outputs { get; set; } = [];

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Gradient graph of the MNIST generator", new GradOptions { Model = Usage.MnistModel, Out = "G.vjp.onnx" }),
        new("Only the latent z and the output image, by name", new GradOptions { Model = Usage.MnistModel, Out = "G.vjp.onnx", Latents = ["z"], Outputs = ["image"] }),
    ];
}
