using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Info;

[Verb("info", HelpText = "Describe a model: every input with its role (latent, condition, noise), outputs, opset, op histogram with gradient support, and what adaptation makes of it with the given model flags (latents, image tensor, layout, range, batch, changes).")]
internal sealed class InfoOptions : ModelFlags
{
    [Value(0, MetaName = "MODEL", Required = true, HelpText = "The ONNX model file.")]
    public string Model { get; set; } = string.Empty;

    [Option("json", HelpText = "Print JSON instead of text.")]
    public bool Json { get; set; }

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Describe the bundled MNIST generator", new InfoOptions { Model = Usage.MnistModel }),
        new("The same as JSON", new InfoOptions { Model = Usage.MnistModel, Json = true }),
    ];
}
