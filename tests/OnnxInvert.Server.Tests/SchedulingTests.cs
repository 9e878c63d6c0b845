using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>Batch slots shared across requests: results independent of batch mates, cancel, back-pressure, deadlines, priorities.</summary>
public sealed class SchedulingTests
{
    private const int Steps = 10;
    private static readonly string[] Samples = ServerPaths.Samples;

    [Fact]
    public async Task FortyConcurrentClients_TwoImagesEach_AllSucceed_AndMatchOfflineInversion()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 16);
        var options = new JsonObject { ["steps"] = Steps, ["loss"] = "mse", ["optimizer"] = "adam", ["lr"] = 0.05 };
        var clients = Enumerable.Range(0, 40).Select(async k =>
        {
            string[] files = [Samples[(2 * k) % Samples.Length], Samples[((2 * k) + 1 + (k / 8)) % Samples.Length]];
            var (response, json) = await server.Post(TestServer.Body(files, (JsonObject)options.DeepClone()), wait: 300);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (Files: files, Job: json);
        }).ToArray();
        var served = await Task.WhenAll(clients);

        var (small, large) = (Offline(served.Select(s => s.Files), options, 4), Offline(served.Select(s => s.Files), options, 16));
        float tolerance = Math.Max(1e-5f, small.Zip(large).Max(p => MaxDifference(p.First, p.Second)));
        for (int k = 0; k < served.Length; k++)
        {
            var job = served[k].Job;
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            for (int i = 0; i < 2; i++)
            {
                float[] latent = [.. job["images"]![i]!["latent"]!.AsArray().Select(v => v!.GetValue<float>())];
                float difference = MaxDifference(latent, small[(2 * k) + i]);
                Assert.True(difference <= tolerance, $"client {k} image {i}: latent differs from offline invert by {difference}, over {tolerance} (offline batch 4 vs 16)");
                Assert.True(MaxDifference(latent, large[(2 * k) + i]) <= tolerance);
            }
        }
    }

    [Fact]
    public async Task Cancel_FreesTheSlots_ALaterJobStartsBeforeTheCancelledOneWouldHaveEnded()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 2);
        var (_, big) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 5000 }));
        string bigId = big["id"]!.GetValue<string>();
        var running = await server.WaitUntil(bigId, j => j["status"]!.GetValue<string>() == "running" && j["progress"]!["step"]!.GetValue<long>() >= 5);
        var watch = Stopwatch.StartNew();
        long stepsBefore = running["progress"]!["step"]!.GetValue<long>();
        var (_, later) = await server.Post(TestServer.Body([Samples[2]], new JsonObject { ["steps"] = 5000 }));
        string laterId = later["id"]!.GetValue<string>();
        Assert.Equal(0, (await server.Get(laterId))["queue_position"]!.GetValue<int>());

        using var cancel = await server.Client.DeleteAsync($"/v1/inversions/{bigId}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var started = await server.WaitUntil(laterId, j => j["status"]!.GetValue<string>() == "running");
        double secondsPerStep = watch.Elapsed.TotalSeconds / Math.Max(1, stepsBefore);
        Assert.True(watch.Elapsed.TotalSeconds < 4000 * secondsPerStep || watch.Elapsed < TimeSpan.FromSeconds(30), "the later job waited as if the cancelled one ran to its end");
        Assert.Equal("cancelled", (await server.Get(bigId))["status"]!.GetValue<string>());
        Assert.True((await server.Get(bigId))["progress"]!["step"]!.GetValue<long>() < 5000);
        using var stop = await server.Client.DeleteAsync($"/v1/inversions/{laterId}");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        _ = started;
    }

    [Fact]
    public async Task QueueOverflow_Is429_WithRetryAfter()
    {
        await using var server = await TestServer.Start(o =>
        {
            o.MaxBatch = 1;
            o.MaxQueue = 3;
        });
        var (_, first) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5000 }));
        await server.WaitUntil(first["id"]!.GetValue<string>(), j => j["status"]!.GetValue<string>() == "running");
        var (queued, _) = await server.Post(TestServer.Body(Samples[1..4], new JsonObject { ["steps"] = 5000 }));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var (full, problem) = await server.Post(TestServer.Body([Samples[4]], new JsonObject { ["steps"] = 5000 }));
        Assert.Equal((HttpStatusCode)429, full.StatusCode);
        Assert.Equal("application/problem+json", TestServer.MediaType(full));
        Assert.Contains("3 images queued of at most 3", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var retry = full.Headers.RetryAfter!.Delta!.Value;
        Assert.True(retry >= TimeSpan.FromSeconds(1), $"Retry-After {retry}");
        using var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Deadline_EndsTheJobWithStatusDeadline_AndTheBestLatentsSoFarOfTheRunningImages()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 1);
        // A first job of the same options builds their objective (its deadline ends it soon), so the deadline below
        // is spent inverting, not compiling.
        var (_, warm) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 3000, ["deadline_seconds"] = 0.3 }), wait: 60);
        Assert.Equal("deadline", warm["status"]!.GetValue<string>());
        var watch = Stopwatch.StartNew();
        var (_, late) = await server.Post(TestServer.Body(Samples[..3], new JsonObject { ["steps"] = 3000, ["deadline_seconds"] = 1.5 }));
        var job = await server.WaitFinal(late["id"]!.GetValue<string>(), 60);
        Assert.Equal("deadline", job["status"]!.GetValue<string>());
        Assert.True(job["progress"]!["images_done"]!.GetValue<int>() < 3);
        Assert.False(job["images"]![2]!["done"]!.GetValue<bool>());

        // The image in the slot at the deadline comes back with the best latent it had reached, flagged cut short.
        var running = job["images"]!.AsArray().Where(i => i!["done"]!.GetValue<bool>()).ToArray();
        Assert.NotEmpty(running);
        var cut = running[^1]!;
        Assert.True(cut["cut_short"]!.GetValue<bool>(), job.ToJsonString());
        Assert.Equal(100, cut["latent"]!.AsArray().Count);
        Assert.InRange(cut["steps"]!.GetValue<int>(), 1, 2999);
        Assert.True(double.IsFinite(cut["mse"]!.GetValue<double>()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120));

        var (_, mixed) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 10, ["deadline_seconds"] = 60 }), wait: 60);
        Assert.Equal("succeeded", mixed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deadline_KeepsTheImagesFinishedBeforeIt()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 1);
        var (_, probe) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 40 }), wait: 120);
        double seconds = (DateTimeOffset.Parse(probe["finished"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(probe["started"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds;

        // Image 0 takes ~seconds; the deadline lets it finish but not the 100× longer image 1 after it.
        var body = TestServer.Body(Samples[..1], new JsonObject { ["steps"] = 40, ["deadline_seconds"] = Math.Max(3, seconds * 8) });
        body["images"]!.AsArray().Add(TestServer.Base64(Samples[1]));
        var (_, json) = await server.Post(body);
        var job = await server.WaitFinal(json["id"]!.GetValue<string>(), 120);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());

        var (_, slow) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 4000, ["deadline_seconds"] = Math.Max(3, seconds * 8) }));
        var ended = await server.WaitFinal(slow["id"]!.GetValue<string>(), 120);
        Assert.Equal("deadline", ended["status"]!.GetValue<string>());
        using var npy = await server.Client.GetAsync($"/v1/inversions/{slow["id"]}/latents.npy");
        Assert.Equal(HttpStatusCode.OK, npy.StatusCode);
    }

    [Fact]
    public async Task Priorities_HighRunsBeforeNormalBeforeLow_FirstInFirstOutWithinOne()
    {
        await using var server = await TestServer.Start(o => o.MaxBatch = 1);
        var (_, blocker) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5000 }));
        await server.WaitUntil(blocker["id"]!.GetValue<string>(), j => j["status"]!.GetValue<string>() == "running");
        var order = new List<(string Name, string Id)>();
        foreach (var (name, priority) in new[] { ("low", "low"), ("normal1", "normal"), ("high", "high"), ("normal2", "normal") })
        {
            var (_, json) = await server.Post(TestServer.Body([Samples[1]], new JsonObject { ["steps"] = 5, ["priority"] = priority }));
            order.Add((name, json["id"]!.GetValue<string>()));
        }

        Assert.Equal("queued", (await server.Get(order[2].Id))["status"]!.GetValue<string>());
        Assert.Equal(0, (await server.Get(order[2].Id))["queue_position"]!.GetValue<int>());
        Assert.Equal(3, (await server.Get(order[0].Id))["queue_position"]!.GetValue<int>());
        using var cancel = await server.Client.DeleteAsync($"/v1/inversions/{blocker["id"]}");
        var finished = new List<(string Name, DateTimeOffset At)>();
        foreach (var (name, id) in order)
        {
            var job = await server.WaitFinal(id);
            finished.Add((name, DateTimeOffset.Parse(job["started"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(["high", "normal1", "normal2", "low"], finished.OrderBy(f => f.At).Select(f => f.Name));
    }

    /// <summary>Every job's images in one offline inversion (the code invert runs) at <paramref name="batch"/>, each with its index in its job.</summary>
    private static List<float[]> Offline(IEnumerable<string[]> jobs, JsonObject options, int batch)
    {
        var text = options.ToDictionary(o => o.Key, o => o.Value!.ToJsonString().Trim('"'), StringComparer.Ordinal);
        var settings = new RequestFlags(new SessionSettings()).Parse(text, batch);
        using var generator = Generator.Open(RepoPaths.MnistModel);
        using var inverter = Inverter.Create(generator, settings);
        var files = jobs.SelectMany(j => j.Select((f, i) => (File: f, Index: i))).ToArray();
        var format = new TargetFormat(inverter.ImageShape, generator.OutputRange);
        var loaded = files.Select(f => TargetSource.Open(f.File, format).Read([0])).ToArray();
        var names = files.Select((_, n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var targets = new InversionTargets([.. loaded.SelectMany(l => l.Data)], files.Length, names, [.. files.Select(f => f.Index)]);
        return [.. inverter.InvertAsync(targets).ToBlockingEnumerable().OrderBy(r => int.Parse(r.Source, System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.Latent)];
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
