using System.Net;
using System.Text.Json.Nodes;
using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>Iteration-level scheduling: queued images enter freed slots at the next step, across requests.</summary>
public sealed class RefillTests
{
    private static readonly string[] Samples = ServerPaths.Samples;

    [Fact]
    public async Task ALaterJob_EntersAFreeSlot_WhileAnEarlierOneRuns()
    {
        // Phase 1 ran a batch to its end before taking queued images: the later job would wait 5000 steps.
        await using var server = await TestServer.Start(o => o.MaxBatch = 2);
        var options = new JsonObject { ["steps"] = 5000 };
        var (_, earlier) = await server.Post(TestServer.Body([Samples[0]], (JsonObject)options.DeepClone()));
        string earlierId = earlier["id"]!.GetValue<string>();
        await server.WaitUntil(earlierId, j => j["status"]!.GetValue<string>() == "running" && j["progress"]!["step"]!.GetValue<long>() >= 5);

        var (_, later) = await server.Post(TestServer.Body([Samples[1]], (JsonObject)options.DeepClone()));
        string laterId = later["id"]!.GetValue<string>();
        var entered = await server.WaitUntil(laterId, j => j["status"]!.GetValue<string>() == "running" && j["progress"]!["step"]!.GetValue<long>() >= 3);
        var first = await server.Get(earlierId);
        Assert.Equal("running", first["status"]!.GetValue<string>());
        Assert.True(first["progress"]!["step"]!.GetValue<long>() > entered["progress"]!["step"]!.GetValue<long>(), $"{first.ToJsonString()}\n{entered.ToJsonString()}");
        Assert.True(first["progress"]!["step"]!.GetValue<long>() < 5000);
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("onnxinvert_slots_busy{model=\"mnist\"} 2\n", metrics, StringComparison.Ordinal);

        // Cancelling the earlier job frees its slot at the next step; the later one goes on.
        using var cancel = await server.Client.DeleteAsync($"/v1/inversions/{earlierId}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        long step = (await server.Get(laterId))["progress"]!["step"]!.GetValue<long>();
        await server.WaitUntil(laterId, j => j["progress"]!["step"]!.GetValue<long>() > step + 3);
        using var stop = await server.Client.DeleteAsync($"/v1/inversions/{laterId}");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    [Fact]
    public async Task AnImagesResult_DoesNotDependOnWhichRequestsSharedItsBatch()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 4);
        var options = new JsonObject { ["steps"] = 15, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05 };
        var (_, alone) = await server.Post(TestServer.Body([Samples[5]], (JsonObject)options.DeepClone()), wait: 120);
        Assert.Equal("succeeded", alone["status"]!.GetValue<string>());

        // The same image again, entering a batch others already run in (at other steps) and sharing it with them.
        var (_, blocker) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 40, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05 }));
        var others = Enumerable.Range(0, 3).Select(k => server.Post(TestServer.Body([Samples[6 + k]], (JsonObject)options.DeepClone()), wait: 120)).ToArray();
        var (_, shared) = await server.Post(TestServer.Body([Samples[5]], (JsonObject)options.DeepClone()), wait: 120);
        await Task.WhenAll(others);
        await server.WaitFinal(blocker["id"]!.GetValue<string>());
        Assert.Equal("succeeded", shared["status"]!.GetValue<string>());

        var text = options.ToDictionary(o => o.Key, o => o.Value!.ToJsonString().Trim('"'), StringComparer.Ordinal);
        float tolerance = Math.Max(1e-5f, MaxDifference(Offline(text, 1), Offline(text, 4)));
        float difference = MaxDifference(Latent(alone), Latent(shared));
        Assert.True(difference <= tolerance, $"alone vs shared: {difference}, over the two-batch-size tolerance {tolerance}");
    }

    private static float[] Latent(JsonObject job) => [.. job["images"]![0]!["latent"]!.AsArray().Select(v => v!.GetValue<float>())];

    private static float[] Offline(Dictionary<string, string> options, int batch)
    {
        OrtLibrary.Load(null);
        var settings = new RequestFlags(new SessionSettings()).Parse(options, batch);
        using var generator = Generator.Open(RepoPaths.MnistModel);
        using var inverter = Inverter.Create(generator, settings);
        var target = TargetSource.Open(Samples[5], new TargetFormat(inverter.ImageShape, generator.OutputRange)).Read([0]);
        return inverter.Invert(new InversionTargets(target.Data, 1, ["0"], [0])).Single().Latent;
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
