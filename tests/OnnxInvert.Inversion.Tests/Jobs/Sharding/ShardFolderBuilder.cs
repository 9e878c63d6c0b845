using System.Globalization;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

/// <summary>
/// Writes the shard folders of a run directly in the documented format (docs/shard-format.md), the way a sharded
/// invert leaves them: item i has id "img-i.png", latent [i, −i, 0.5], MSE 0.01·(i+1), MAE, PSNR and loss derived from it.
/// </summary>
internal sealed class ShardFolderBuilder(string outFolder, int total, int count)
{
    public const string Fingerprint = "model.onnx|adam|steps=100";

    public string OutFolder { get; } = outFolder;

    public int Total { get; } = total;

    public int Count { get; } = count;

    /// <summary>Items whose loss is NaN (failed).</summary>
    public HashSet<int> FailedItems { get; } = [];

    public static string Id(int position) => FormattableString.Invariant($"img-{position}.png");

    public static float[] Latent(int position) => [position, -position, 0.5f];

    public static double Mse(int position) => 0.01 * (position + 1);

    /// <summary>Writes every shard, complete.</summary>
    public ShardFolderBuilder WriteAll()
    {
        for (int i = 0; i < Count; i++)
        {
            Write(i);
        }

        return this;
    }

    /// <summary>Writes shard <paramref name="index"/>; <paramref name="edit"/> may change its state before it is written.</summary>
    public string Write(int index, bool complete = true, string fingerprint = Fingerprint, Func<int, string>? id = null, Action<JsonArray>? edit = null)
    {
        var spec = new ShardSpec(index, Count);
        string folder = Path.Combine(OutFolder, spec.FolderName);
        Directory.CreateDirectory(folder);
        var info = ShardInfo.For(spec, Total);
        info.Write(folder);
        var results = new JsonArray();
        var latents = new List<float>();
        for (int r = 0; r < info.Items; r++)
        {
            int position = info.First + r;
            double mse = Mse(position);
            bool failed = FailedItems.Contains(position);
            results.Add(new JsonObject
            {
                ["index"] = r,
                ["source"] = (id ?? Id)(position),
                ["loss"] = failed ? JsonValue.Create("NaN") : JsonValue.Create(mse * 784),
                ["penalty"] = 0.0,
                ["mse"] = failed ? JsonValue.Create("NaN") : JsonValue.Create(mse),
                ["mae"] = failed ? JsonValue.Create("NaN") : JsonValue.Create(mse * 3),
                ["psnr"] = failed ? JsonValue.Create("NaN") : JsonValue.Create(-10 * Math.Log10(mse)),
                ["steps"] = 100,
                ["converged"] = position % 2 == 0,
                ["restart"] = 0,
                ["reinitializations"] = position % 3 == 0 ? 1 : 0,
            });
            latents.AddRange(Latent(position));
        }

        edit?.Invoke(results);
        var state = new JsonObject { ["fingerprint"] = fingerprint, ["images"] = info.Items, ["results"] = results, ["wall_seconds"] = 2.5 };
        File.WriteAllText(Path.Combine(folder, ShardFolder.StateFile), state.ToJsonString());
        NpyFile.Write(Path.Combine(folder, ShardFolder.LatentsFile), NpyArray.Create<float>(latents.ToArray(), [info.Items, 3]));
        File.WriteAllText(Path.Combine(folder, ShardFolder.MetricsFile), "index,source,loss,penalty,mse,mae,psnr,steps,converged,restart,reinitializations\n");
        File.WriteAllText(Path.Combine(folder, ShardFolder.IndexFile), "index,source,done,reconstruction\n");
        var summary = new JsonObject
        {
            ["images"] = info.Items,
            ["mean_mse"] = 0.5,
            ["wall_seconds"] = 2.5,
            ["iterations"] = 100 + index,
            ["seconds_per_step"] = 0.01 * (index + 1),
            ["model"] = "model.onnx",
            ["optimizer"] = "adam",
            ["steps"] = 100,
            ["host"] = string.Create(CultureInfo.InvariantCulture, $"node{index}"),
        };
        File.WriteAllText(Path.Combine(folder, ShardFolder.SummaryFile), summary.ToJsonString());
        if (complete)
        {
            ShardFolder.MarkComplete(folder);
        }

        return folder;
    }
}
