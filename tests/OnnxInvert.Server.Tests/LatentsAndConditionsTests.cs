using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>
/// Several latents and a condition input over HTTP, on corpus exports: the StyleGAN2-like synthesis with W+ and seven
/// noise maps as latents, and the class-conditional generator with an int64 label. Options named as invert's flags
/// (repeated <c>prior</c> NAME=SPEC, <c>input</c> NAME=VALUE) as JSON arrays/objects and as repeated form fields.
/// </summary>
public sealed class LatentsAndConditionsTests
{
    private const int Batch = 4;

    private static readonly string[] WplusLatents = ["w_plus", "noise0", "noise1", "noise2", "noise3", "noise4", "noise5", "noise6"];

    private static string Corpus(string name, string file = "model.onnx") => Path.Combine(RepoPaths.Root, "onnx-models", "corpus", name, file);

    private static Task<TestServer> Start(string? stateDirectory = null) => TestServer.Start(o =>
    {
        o.Models.Clear();
        o.Models.Add(new ServedModel("wplus", Corpus("stylegan2-like-wplus")) { Latents = WplusLatents });
        o.Models.Add(new ServedModel("label", Corpus("label-int64")));
        o.MaxBatch = Batch;
        o.StateDirectory = stateDirectory;
    });

    [Fact]
    public async Task ModelMetadata_ListsEveryLatentAndTheConditionInput()
    {
        await using var server = await Start();
        var wplus = JsonNode.Parse(await server.Client.GetStringAsync("/v2/models/wplus"))!;
        Assert.Equal(WplusLatents, wplus["latents"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        Assert.Equal(512, wplus["latents"]![0]!["size"]!.GetValue<int>());
        Assert.Equal(WplusLatents, wplus["inputs"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        Assert.Empty(wplus["conditions"]!.AsArray());

        var label = JsonNode.Parse(await server.Client.GetStringAsync("/v2/models/label"))!;
        Assert.Equal(["z"], label["latents"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        var condition = label["conditions"]!.AsArray().Single()!;
        Assert.Equal("label", condition["name"]!.GetValue<string>());
        Assert.Equal("INT64", condition["datatype"]!.GetValue<string>());
        Assert.Contains(label["inputs"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "label" && i["datatype"]!.GetValue<string>() == "INT64");
    }

    [Fact]
    public async Task SeveralLatents_OverJson_ReturnEveryLatentByName_InTheJobAndTheRunFolder()
    {
        using var state = new TempFolder();
        await using var server = await Start(state.Path);
        var options = new JsonObject
        {
            ["steps"] = 4,
            ["loss"] = "mse",
            ["latent"] = string.Join(",", WplusLatents.Reverse()),
            ["prior"] = new JsonArray("w_plus=normal", "noise0=normal:0,0.5"),
        };
        var body = new JsonObject { ["images"] = new JsonArray(Nested(Target("stylegan2-like-wplus", 0))), ["options"] = options };
        var (response, job) = await server.Post(body, "wplus", wait: 300);
        Assert.True(response.StatusCode == HttpStatusCode.OK, job.ToJsonString());
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var image = job["images"]![0]!;
        var latents = image["latents"]!.AsObject();
        Assert.Equal(WplusLatents, latents.Select(l => l.Key));
        using var generator = Generator.Open(Corpus("stylegan2-like-wplus"), new GeneratorOptions { Latents = WplusLatents });
        foreach (var latent in generator.Latents)
        {
            Assert.Equal(latent.Size, latents[latent.Name]!.AsArray().Count);
        }

        Assert.Equal(image["latent"]!.ToJsonString(), latents["w_plus"]!.ToJsonString());
        string id = job["id"]!.GetValue<string>();
        using var noise = await server.Client.GetAsync($"/v1/inversions/{id}/latents.npy?latent=noise3");
        Assert.Equal(HttpStatusCode.OK, noise.StatusCode);
        var array = NpyFile.Read(await noise.Content.ReadAsStreamAsync(), "latents.npy");
        Assert.Equal([1, 1, 16, 16], array.Shape);
        Assert.Equal(latents["noise3"]!.AsArray().Select(v => v!.GetValue<float>()), array.ToSingleArray());
        using var unknown = await server.Client.GetAsync($"/v1/inversions/{id}/latents.npy?latent=nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The same job in the state folder, as the job layer's run folder keeps it.
        Assert.True(server.Service.Store.WaitWritten(TimeSpan.FromSeconds(30)));
        string folder = Path.Combine(state.Path, "jobs", id);
        Assert.True(File.Exists(Path.Combine(folder, RunFolder.StateFile)));
        var kept = NpyFile.Read(Path.Combine(folder, RunFolder.LatentsFolder, RunFolder.LatentFileName("noise3")));
        Assert.Equal(array.ToSingleArray(), kept.ToSingleArray());

        var other = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("stylegan2-like-wplus", 0))), ["options"] = new JsonObject { ["latent"] = "w_plus" } }, "wplus");
        Assert.Equal((HttpStatusCode)422, other.Response.StatusCode);
        Assert.Contains("noise6", other.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConditionInput_OverJsonAndMultipart_MatchesOfflineInversionWithThatLabel()
    {
        await using var server = await Start();
        long label = NpyFile.Read(Corpus("label-int64", "targets-label.npy")).GetData<long>()[1];
        var target = Target("label-int64", 1);
        var options = new JsonObject { ["steps"] = 8, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05, ["input"] = new JsonObject { ["label"] = label }, ["prior"] = new JsonArray("z=normal") };
        var (response, job) = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(target)), ["options"] = options.DeepClone() }, "label", wait: 120);
        Assert.True(response.StatusCode == HttpStatusCode.OK, job.ToJsonString());
        float[] json = Latent(job);

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Npy(target));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "image", "target.npy");
        foreach (var (name, value) in new[] { ("steps", "8"), ("loss", "mse"), ("optimizer", "adam"), ("lr", "0.05"), ("input", $"label={label}"), ("prior", "z=normal") })
        {
            form.Add(new StringContent(value), name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/label/inversions") { Content = form };
        request.Headers.Add("Prefer", "wait=120");
        using var answer = await server.Client.SendAsync(request);
        var multipart = await TestServer.ReadObject(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, multipart.ToJsonString());
        Assert.Equal(json, Latent(multipart));

        var text = new Dictionary<string, string>(StringComparer.Ordinal) { ["steps"] = "8", ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = "0.05", ["input"] = $"label={label}", ["prior"] = "z=normal" };
        var (one, many) = (Offline(text, target, 1), Offline(text, target, Batch));
        float tolerance = Math.Max(1e-5f, MaxDifference(one, many));
        Assert.True(MaxDifference(json, many) <= tolerance, $"served latent differs from offline invert by {MaxDifference(json, many)} (tolerance {tolerance})");

        // Another label is another objective: the latent found differs.
        text["input"] = $"label={(label + 1) % 10}";
        Assert.True(MaxDifference(json, Offline(text, target, Batch)) > 10 * tolerance);

        var missing = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(target)), ["options"] = new JsonObject { ["steps"] = 2 } }, "label");
        Assert.Equal((HttpStatusCode)422, missing.Response.StatusCode);
        Assert.Contains("label", missing.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var file = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(target)), ["options"] = new JsonObject { ["input"] = "label=labels.npy" } }, "label");
        Assert.Equal(HttpStatusCode.BadRequest, file.Response.StatusCode);
        Assert.Contains("number", file.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var broken = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(target)), ["options"] = new JsonObject { ["prior"] = "z=normal\nz=uniform" } }, "label");
        Assert.Equal(HttpStatusCode.BadRequest, broken.Response.StatusCode);
    }

    [Fact]
    public async Task JobsWithDifferentLabels_ShareTheBatch_EachMatchingOfflineInversionWithItsOwnLabel()
    {
        await using var server = await Start();
        var options = new JsonObject { ["steps"] = 8, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05, ["prior"] = new JsonArray("z=normal") };
        JsonObject With(double label, int steps)
        {
            var o = (JsonObject)options.DeepClone();
            o["input"] = new JsonObject { ["label"] = label };
            o["steps"] = steps;
            return o;
        }

        // A first job builds the options' objective; then two jobs with other labels, sent together, run in the same
        // batch (the label is each image's own row, not part of the options group): each starts before the other ends.
        const int Steps = 1000;
        var (_, warm) = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 0))), ["options"] = With(9, Steps) }, "label", wait: 120);
        Assert.Equal("succeeded", warm["status"]!.GetValue<string>());
        (int Image, long Label)[] jobs = [(1, 3), (2, 7)];
        var answers = await Task.WhenAll(jobs.Select(j => server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", j.Image))), ["options"] = With(j.Label, Steps) }, "label", wait: 120)));
        DateTimeOffset At(JsonObject job, string field) => DateTimeOffset.Parse(job[field]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var (a, b) = (answers[0].Json, answers[1].Json);
        Assert.True(At(a, "started") < At(b, "finished") && At(b, "started") < At(a, "finished"), $"the jobs did not share the batch:\n{a}\n{b}");

        for (int k = 0; k < jobs.Length; k++)
        {
            var (response, job) = answers[k];
            Assert.True(response.StatusCode == HttpStatusCode.OK, job.ToJsonString());
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            var text = new Dictionary<string, string>(StringComparer.Ordinal) { ["steps"] = $"{Steps}", ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = "0.05", ["input"] = $"label={jobs[k].Label}", ["prior"] = "z=normal" };
            var target = Target("label-int64", jobs[k].Image);
            var (one, many) = (Offline(text, target, 1), Offline(text, target, Batch));
            float tolerance = Math.Max(1e-5f, MaxDifference(one, many));
            float[] latent = Latent(job);
            Assert.True(MaxDifference(latent, many) <= tolerance, $"label {jobs[k].Label}: served latent differs from offline invert by {MaxDifference(latent, many)} (tolerance {tolerance})");

            // With the other job's label the offline latent is another one: each job was fed its own label.
            text["input"] = $"label={jobs[1 - k].Label}";
            Assert.True(MaxDifference(latent, Offline(text, target, Batch)) > 10 * tolerance);
        }

        // A label that is not a whole number is refused as invert refuses it, though the options' objective is built.
        var bad = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 1))), ["options"] = With(2.5, Steps) }, "label");
        Assert.Equal((HttpStatusCode)422, bad.Response.StatusCode);
        Assert.Contains("label", bad.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALabelTheModelCannotEmbed_FailsItsOwnJobOnly_TheJobsSharingItsBatchSucceed()
    {
        const int Steps = 3000;
        await using var server = await Start();
        JsonObject With(long label) => new() { ["steps"] = Steps, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05, ["prior"] = new JsonArray("z=normal"), ["input"] = new JsonObject { ["label"] = label } };
        var (_, warm) = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 0))), ["options"] = With(9) }, "label", wait: 120);
        Assert.Equal("succeeded", warm["status"]!.GetValue<string>());

        // Label 50 fits int64 but not the 10-row embedding: the runtime fails at the first step of the batch it shares
        // with the running job of label 3. The service then runs the jobs one at a time, so only the job with that
        // label fails, and the other (inverted again from its start) gets the result it would have had.
        var running = server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 1))), ["options"] = With(3) }, "label", wait: 120);
        var (_, accepted) = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 0))), ["options"] = With(3) }, "label");
        await server.WaitUntil(accepted["id"]!.GetValue<string>(), j => j["status"]!.GetValue<string>() == "running", 120);
        var (_, bad) = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 1))), ["options"] = With(50) }, "label", wait: 120);
        var good = (await running).Json;
        Assert.Equal("succeeded", (await server.WaitFinal(accepted["id"]!.GetValue<string>()))["status"]!.GetValue<string>());
        Assert.True(bad["status"]!.GetValue<string>() == "failed", bad.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace(bad["error"]?.GetValue<string>()));
        Assert.True(good["status"]!.GetValue<string>() == "succeeded", good.ToJsonString());
        var text = new Dictionary<string, string>(StringComparer.Ordinal) { ["steps"] = $"{Steps}", ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = "0.05", ["input"] = "label=3", ["prior"] = "z=normal" };
        var target = Target("label-int64", 1);
        var (one, many) = (Offline(text, target, 1), Offline(text, target, Batch));
        float tolerance = Math.Max(1e-5f, MaxDifference(one, many));
        Assert.True(MaxDifference(Latent(good), many) <= tolerance, $"served latent differs from offline invert by {MaxDifference(Latent(good), many)} (tolerance {tolerance})");
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("onnxinvert_jobs_total{model=\"label\",outcome=\"failed\"} 1", metrics, StringComparison.Ordinal);

        // Afterwards the labels share the batch again.
        var after = await server.Post(new JsonObject { ["images"] = new JsonArray(Nested(Target("label-int64", 2))), ["options"] = With(7) }, "label", wait: 120);
        Assert.Equal("succeeded", after.Json["status"]!.GetValue<string>());
    }

    private static float[] Target(string name, int index)
    {
        var all = NpyFile.Read(Corpus(name, "targets.npy"));
        int length = all.Length / all.Shape[0];
        return all.ToSingleArray().AsSpan(index * length, length).ToArray();
    }

    /// <summary>One [C, H, W] image as nested JSON arrays (the shape of the 3-channel or 1-channel corpus targets).</summary>
    private static JsonArray Nested(float[] image)
    {
        int channels = image.Length is 3072 ? 3 : 1;
        int side = (int)Math.Sqrt(image.Length / channels);
        var c = new JsonArray();
        for (int k = 0; k < channels; k++)
        {
            var rows = new JsonArray();
            for (int y = 0; y < side; y++)
            {
                rows.Add(new JsonArray([.. image.AsSpan((k * side * side) + (y * side), side).ToArray().Select(v => (JsonNode?)v)]));
            }

            c.Add(rows);
        }

        return c;
    }

    private static byte[] Npy(float[] image)
    {
        int side = (int)Math.Sqrt(image.Length);
        using var buffer = new MemoryStream();
        NpyFile.Write(buffer, NpyArray.Create<float>(image, 1, 1, side, side));
        return buffer.ToArray();
    }

    private static float[] Latent(JsonObject job) => [.. job["images"]![0]!["latent"]!.AsArray().Select(v => v!.GetValue<float>())];

    private static float[] Offline(Dictionary<string, string> options, float[] target, int batch)
    {
        OrtLibrary.Load(null);
        var settings = new RequestFlags(new SessionSettings()).Parse(options, batch);
        using var generator = Generator.Open(Corpus("label-int64"));
        using var inverter = Inverter.Create(generator, settings);
        var targets = new InversionTargets(target, 1, ["0"], [0]);
        return inverter.Invert(targets).Single().Latent;
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
