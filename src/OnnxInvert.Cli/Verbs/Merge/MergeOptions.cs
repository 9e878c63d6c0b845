using CommandLine;
using CommandLine.Text;

namespace OnnxInvert.Cli.Verbs.Merge;

[Verb("merge", HelpText = "Check the shard folders of a sharded invert (OUT/shard-IIIII-of-NNNNN/: all there, complete, one model and settings, no item missing or repeated) and write one folder: latents.npy, metrics.csv, index.csv, summary.json.")]
internal sealed class MergeOptions
{
    [Value(0, MetaName = "OUT", Required = true, HelpText = "The --out folder of the sharded invert runs (holding the shard folders).")]
    public string Folder { get; set; } = string.Empty;

    [Option('o', "out", Required = true, HelpText = "The merged folder to write (created; an earlier merge there is replaced; a folder holding anything else is refused).")]
    public string Out { get; set; } = string.Empty;

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("Merge the shards of a job array", new MergeOptions { Folder = "out", Out = "merged" }),
    ];
}
