using System.Globalization;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Cli.Verbs.Merge;

/// <summary><c>onnxinvert merge OUT --out MERGED</c>: <see cref="ShardMerger.Merge"/> of a sharded run's folders.</summary>
internal static class MergeCommand
{
    public static int Run(MergeOptions options, TextWriter output)
    {
        // A missing, partial or mismatched shard is a ShardFolderException (an IOException) naming it: exit code 1.
        var merged = ShardMerger.Merge(options.Folder, options.Out);
        string psnr = merged.Psnr is { } p ? string.Create(CultureInfo.InvariantCulture, $", mean PSNR {p.Mean:G4} dB") : string.Empty;
        string mse = merged.Mse is { } m ? string.Create(CultureInfo.InvariantCulture, $", mean MSE {m.Mean:G4}") : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {merged.Folder}: {merged.Items} items from {merged.Shards} shards{mse}{psnr}{(merged.Failed > 0 ? $", {merged.Failed} failed" : string.Empty)}"));
        return ExitCodes.Ok;
    }
}
