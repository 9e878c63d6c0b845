using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Compare;

[Verb("compare", HelpText = "Invert the same held-out images with the same settings on several generators and compare mean reconstruction MSE, MAE and PSNR with confidence intervals (the journal paper's Table I).")]
internal sealed class CompareOptions : InversionFlags
{
    [Option('m', "models", Required = true, Min = 1, HelpText = "The generator ONNX models. Each model's own card (model-card.json beside it: prior, latent and image names, output range) is read; a model that fails is reported as a failed row and the others still run.")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option('i', "images", Required = true, HelpText = "The held-out targets: a folder of PNG/JPEG files, one image file, or an .npy array [N,C,H,W] in the generators' output range.")]
    public string Images { get; set; } = string.Empty;

    [Option('o', "out", HelpText = "A folder for compare.csv, compare.json and each model's inversion (models/N-NAME/: metrics.csv, latents.npy, reconstructions/, pairs.png, summary.json). Without it only the table is printed.")]
    public string? Out { get; set; }

    [Option("resume", HelpText = "Continue an interrupted comparison in --out, run with the same command line: finished models are read back and a model cut short goes on from the images it had finished.")]
    public bool Resume { get; set; }

    [Option("confidence", Default = 0.95, HelpText = "Confidence level of the intervals (Student's t over the images), in (0, 1).")]
    public double Confidence { get; set; }

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new(
            "Compare the uniform-prior and normal-prior MNIST generators on the 16 bundled digits",
            new CompareOptions { Models = [Usage.MnistModel, Usage.MnistNormalModel], Images = Usage.MnistSamples, Out = "compared", Steps = 100 }),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string problem in base.Validate())
        {
            yield return problem;
        }

        if (!Models.Any())
        {
            yield return "--models needs at least one model";
        }

        if (Resume && Out is null)
        {
            yield return "--resume continues the comparison in --out; give --out";
        }

        if (!(Confidence is > 0 and < 1))
        {
            yield return $"--confidence must be in (0, 1), e.g. 0.95; got {Confidence}";
        }
    }
}
