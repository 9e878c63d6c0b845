using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Invert;

[Verb("invert", HelpText = "Find latents z with G(z) ≈ each image (gradient descent on z) and write them with reconstructions and metrics.")]
internal sealed class InvertOptions : InversionFlags
{
    [Option('m', "model", Required = true, HelpText = "The generator ONNX model.")]
    public string Model { get; set; } = string.Empty;

    [Option('i', "images", Required = true, HelpText = "The targets: a folder of PNG/JPEG files, one image file, an .npy array [N,C,H,W] in the generator's output range, or a manifest (list.txt: one image path a line; list.csv: a path column and optional columns named after condition inputs, one value row per image).")]
    public string Images { get; set; } = string.Empty;

    [Option('o', "out", Required = true, HelpText = "The output folder (latents.npy, index.csv, metrics.csv, summary.json, reconstructions/, pairs.png).")]
    public string Out { get; set; } = string.Empty;

    [Option("resume", HelpText = "Continue an interrupted run in --out: images already written are skipped.")]
    public bool Resume { get; set; }

    [Option("overwrite", HelpText = "Write into --out even when it holds other files or another run (that run's state is discarded). Without it such a folder is refused.")]
    public bool Overwrite { get; set; }

    [Option("shard-index", HelpText = "Invert only shard I (from 0) of --shard-count, into OUT/shard-IIIII-of-NNNNN/ (default: SLURM_ARRAY_TASK_ID, or JOB_COMPLETION_INDEX with --shard-count). On SIGTERM/SIGUSR1 a shard saves and exits 75 (rerun with --resume).")]
    public int? ShardIndex { get; set; }

    [Option("shard-count", HelpText = "How many shards the input is split into (default with SLURM_ARRAY_TASK_ID: the array's task count).")]
    public int? ShardCount { get; set; }

    [Option("reuse", HelpText = "An earlier run's output folder (any shard count): its finished items made with the same model and settings are taken over by item id instead of inverted again.")]
    public string? Reuse { get; set; }

    [Option("range", HelpText = "The image output's value range LOW,HIGH (default: the model card's, else guessed from the last op).")]
    public string? Range { get; set; }

    [Option("npy-range", HelpText = "The value range LOW,HIGH of an .npy --images array (e.g. 0,255 for 8-bit pixels), mapped linearly onto the generator's output range. Without it the array must already be in that range; values far outside it are an error.")]
    public string? NpyRange { get; set; }

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Invert the 16 bundled MNIST digits", new InvertOptions { Model = Usage.MnistModel, Images = Usage.MnistSamples, Out = "inverted", Steps = 200 }),
    ];
}
