using System.Globalization;
using CommandLine;
using CommandLine.Text;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Verbs.Sample;

[Verb("sample", HelpText = "Draw latents from the prior, run the generator, and write the images as a PNG grid.")]
internal sealed class SampleOptions : ModelFlags
{
    [Option('m', "model", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option('n', "count", Default = 16, HelpText = "How many images to generate (at least 1).")]
    public int Count { get; set; }

    [Option("seed", Default = 0, HelpText = "Seed of the latent draws (the same seed gives the same images).")]
    public int Seed { get; set; }

    [Option('o', "out", Required = true, HelpText = "The PNG grid to write.")]
    public string Out { get; set; } = string.Empty;

    [Option("columns", HelpText = "Grid columns, at least 1 (default: about the square root of the count).")]
    public int? Columns { get; set; }

    [Option("prior", HelpText = "Latent prior: " + PriorParser.Forms + " (default: the model card's, else normal).")]
    public string? Prior { get; set; }

    [Option("range", HelpText = "The image output's value range LOW,HIGH with LOW < HIGH, e.g. 0,1 or -1,1 (default: the model card's, else guessed from the last op).")]
    public string? Range { get; set; }

    [Option("save-latents", HelpText = "Also write the drawn latents as .npy ([count, latent shape], float32); with several latents, FILE without .npy becomes a folder of NAME.npy.")]
    public string? SaveLatents { get; set; }

    [Option("batch", Default = 64, HelpText = "Images generated per runtime call (at least 1).")]
    public int Batch { get; set; }

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("25 digits from the bundled MNIST generator in a 5x5 grid", new SampleOptions { Model = Usage.MnistModel, Count = 25, Seed = 1, Out = "samples.png" }),
        new("Also keep the latents, drawn from an explicit prior", new SampleOptions { Model = Usage.MnistModel, Count = 8, Columns = 8, Prior = "uniform:-1,1", Out = "row.png", SaveLatents = "z.npy" }),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string problem in base.Validate())
        {
            yield return problem;
        }

        if (Count < 1)
        {
            yield return $"--count must be at least 1; got {Count}";
        }

        if (Batch < 1)
        {
            yield return $"--batch must be at least 1; got {Batch}";
        }

        if (Columns is < 1)
        {
            yield return $"--columns must be at least 1; got {Columns}";
        }

        foreach (string problem in Problem(() => ParsedPrior()).Concat(Problem(() => ParsedRange())))
        {
            yield return problem;
        }
    }

    /// <summary>The message of the <see cref="UsageException"/> <paramref name="parse"/> throws, if any.</summary>
    private static IEnumerable<string> Problem(Action parse)
    {
        try
        {
            parse();
        }
        catch (UsageException ex)
        {
            return [ex.Message];
        }

        return [];
    }

    /// <summary>The prior named by --prior, or null to take the model card's.</summary>
    /// <exception cref="UsageException">--prior is not one of the accepted forms.</exception>
    public Prior? ParsedPrior() => PriorFlag.Parse(Prior, allowNone: false).Prior;

    /// <summary>The range named by --range, or null to take the model card's.</summary>
    /// <exception cref="UsageException">--range is not LOW,HIGH with LOW &lt; HIGH.</exception>
    public PixelRange? ParsedRange() => RangeFlag.Parse(Range);
}
