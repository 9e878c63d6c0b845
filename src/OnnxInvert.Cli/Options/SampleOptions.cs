using CommandLine;
using CommandLine.Text;

namespace OnnxInvert.Cli.Options;

[Verb("sample", HelpText = "Draw latents from the prior, run the generator, and write the images as a PNG grid.")]
internal sealed class SampleOptions : CommonOptions
{
    [Option('m', "model", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option('n', "count", Default = 16, HelpText = "How many images to generate.")]
    public int Count { get; set; } = 16;

    [Option("seed", Default = 0, HelpText = "Seed of the latent draws (the same seed gives the same images).")]
    public int Seed { get; set; }

    [Option('o', "out", Required = true, HelpText = "The PNG grid to write.")]
    public string Out { get; set; } = string.Empty;

    [Option("columns", HelpText = "Grid columns (default: about the square root of the count).")]
    public int? Columns { get; set; }

    [Option("prior", HelpText = "Latent prior: uniform, uniform:LOW,HIGH, normal, normal:MEAN,STD (default: the model card's, else normal).")]
    public string? Prior { get; set; }

    [Option("latent", HelpText = "The latent input (default: the model card's, else the detected one).")]
    public string? Latent { get; set; }

    [Option("output", HelpText = "The image output (default: the model card's, else the detected one).")]
    public string? Output { get; set; }

    [Option("range", HelpText = "The image output's value range LOW,HIGH (default: the model card's, else guessed from the last op).")]
    public string? Range { get; set; }

    [Option("save-latents", HelpText = "Also write the drawn latents as .npy.")]
    public string? SaveLatents { get; set; }

    [Option("batch", Default = 64, HelpText = "Images generated per runtime call.")]
    public int Batch { get; set; } = 64;

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("16 digits from the bundled MNIST generator", new SampleOptions { Model = "onnx-models/mnist-table1-uniform/generator.onnx", Count = 16, Seed = 1, Out = "samples.png" }),
    ];
}
