using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.CheckGrad;

[Verb("check-grad", HelpText = "Check the VJP of a generator, adapted as invert adapts it, against central finite differences (float64 where ONNX Runtime has the kernels). Exit code 1 when the error exceeds the tolerance.")]
internal sealed class CheckGradOptions : ModelFlags
{
    [Value(0, MetaName = "MODEL", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option("directions", Default = 3, HelpText = "Random directions per latent (at least 1).")]
    public int Directions { get; set; }

    [Option("seed", Default = 7, HelpText = "Seed of the random latents, cotangents and directions.")]
    public int Seed { get; set; }

    [Option("float32", HelpText = "Check in float32 even where float64 kernels exist.")]
    public bool Float32 { get; set; }

    [Option("tolerance", HelpText = "Exit with 1 when the worst relative error exceeds this positive number (default: 1e-6 in float64, 5e-3 in float32).")]
    public double? Tolerance { get; set; }

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Check the MNIST generator's gradient", new CheckGradOptions { Model = Usage.MnistModel }),
        new("Eight directions instead of three; fail above a relative error of 5e-2 (float32 differences are noisy)", new CheckGradOptions { Model = Usage.MnistModel, Directions = 8, Tolerance = 5e-2 }),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string problem in base.Validate())
        {
            yield return problem;
        }

        if (Directions < 1)
        {
            yield return $"--directions must be at least 1; got {Directions}";
        }

        if (Tolerance is { } tolerance && !(tolerance > 0 && double.IsFinite(tolerance)))
        {
            yield return $"--tolerance must be a positive finite number (e.g. 1e-6); got {tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
    }
}
