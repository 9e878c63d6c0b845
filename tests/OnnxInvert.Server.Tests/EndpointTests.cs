using System.Net;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>Every endpoint and status of the service on real Kestrel, with the bundled MNIST generator.</summary>
public sealed class EndpointTests
{
    private static readonly string[] Samples = ServerPaths.Samples;

    [Fact]
    public async Task Health_Readiness_Metadata_AndMetrics_Answer()
    {
        await using var server = await TestServer.Start();
        foreach (string path in new[] { "/healthz", "/v2/health/live", "/readyz", "/v2/health/ready" })
        {
            using var response = await server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var meta = JsonNode.Parse(await server.Client.GetStringAsync("/v2/models/mnist"))!;
        Assert.Equal("mnist", meta["name"]!.GetValue<string>());
        Assert.Equal("z", meta["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal([-1L, 100L], meta["inputs"]![0]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal([-1L, 1L, 28L, 28L], meta["outputs"]![0]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Contains("niform", meta["prior"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(8, meta["max_batch"]!.GetValue<int>());

        using var unknown = await server.Client.GetAsync("/v2/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", TestServer.MediaType(unknown));

        var (done, _) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5 }), wait: 60);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("onnxinvert_queue_images{model=\"mnist\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("onnxinvert_slots_free{model=\"mnist\"} 8", metrics, StringComparison.Ordinal);
        Assert.Contains("onnxinvert_image_steps_total{model=\"mnist\"} 5", metrics, StringComparison.Ordinal);
        Assert.Contains("onnxinvert_jobs_total{model=\"mnist\",outcome=\"succeeded\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("onnxinvert_job_run_seconds_count{model=\"mnist\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Answers202WithLocation_ThenTheJobSucceeds_WithLatentsAndPictures()
    {
        await using var server = await TestServer.Start();
        var (response, json) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 10, ["loss"] = "mse" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = json["id"]!.GetValue<string>();
        Assert.Equal($"/v1/inversions/{id}", response.Headers.Location!.OriginalString);
        Assert.Contains(json["status"]!.GetValue<string>(), new[] { "queued", "running" });

        var job = await server.WaitFinal(id);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("mnist", job["model"]!.GetValue<string>());
        Assert.Equal(2, job["progress"]!["images_done"]!.GetValue<int>());
        Assert.Equal(2, job["progress"]!["images"]!.GetValue<int>());
        Assert.True(job["progress"]!["step"]!.GetValue<long>() >= 10);
        var images = job["images"]!.AsArray();
        Assert.Equal(2, images.Count);
        foreach (var (image, index) in images.Select((im, i) => (im!, i)))
        {
            Assert.Equal(index, image["index"]!.GetValue<int>());
            Assert.Equal(100, image["latent"]!.AsArray().Count);
            Assert.Equal(10, image["steps"]!.GetValue<int>());
            Assert.False(image["converged"]!.GetValue<bool>());
            double mse = image["mse"]!.GetValue<double>();
            Assert.InRange(mse, 0, 1);
            Assert.Equal(10 * Math.Log10(1 / mse), image["psnr"]!.GetValue<double>(), 6);
            Assert.InRange(image["mae"]!.GetValue<double>(), 0, 1);

            using var png = await server.Client.GetAsync(image["reconstruction"]!.GetValue<string>());
            Assert.Equal("image/png", TestServer.MediaType(png));
            var decoded = new ImageReader().Decode(await png.Content.ReadAsByteArrayAsync(), "r.png");
            Assert.Equal((28, 28, 1), (decoded.Width, decoded.Height, decoded.Channels));
        }

        using var npy = await server.Client.GetAsync(job["links"]!["latents"]!.GetValue<string>());
        var latents = NpyFile.Read(await npy.Content.ReadAsStreamAsync(), "latents.npy");
        Assert.Equal([2, 100], latents.Shape);
        Assert.Equal(images[1]!["latent"]!.AsArray().Select(v => v!.GetValue<float>()), latents.ToSingleArray().Skip(100));

        using var missing = await server.Client.GetAsync($"/v1/inversions/{id}/images/2/reconstruction.png");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The target as the service holds it: the sent PNG's pixels back.
        using var target = await server.Client.GetAsync($"/v1/inversions/{id}/images/1/target.png");
        Assert.Equal("image/png", TestServer.MediaType(target));
        var sent = new ImageReader().Decode(File.ReadAllBytes(Samples[1]), "sent.png");
        var held = new ImageReader().Decode(await target.Content.ReadAsByteArrayAsync(), "t.png");
        Assert.Equal((sent.Width, sent.Height, sent.Channels), (held.Width, held.Height, held.Channels));
        Assert.Equal(sent.Pixels.ToArray(), held.Pixels.ToArray());
    }

    [Fact]
    public async Task PreferWait_Answers200WhenDone_And202WhenNot()
    {
        await using var server = await TestServer.Start();
        var (done, finished) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5 }), wait: 60);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        Assert.NotNull(done.Headers.Location);

        var (slow, pending) = await server.Post(TestServer.Body([Samples[1]], new JsonObject { ["steps"] = 5000 }), wait: 1);
        Assert.Equal(HttpStatusCode.Accepted, slow.StatusCode);
        Assert.Contains(pending["status"]!.GetValue<string>(), new[] { "queued", "running" });
        using var cancel = await server.Client.DeleteAsync($"/v1/inversions/{pending["id"]}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Fact]
    public async Task IdempotencyKey_ReturnsTheSameJob()
    {
        await using var server = await TestServer.Start();
        var body = TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5 });
        var (first, a) = await server.Post(body, idempotencyKey: "retry-1");
        var (second, b) = await server.Post(body, idempotencyKey: "retry-1");
        var (third, c) = await server.Post(body, idempotencyKey: "retry-2");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.NotEqual(a["id"]!.GetValue<string>(), c["id"]!.GetValue<string>());
        await server.WaitFinal(a["id"]!.GetValue<string>());
        await server.WaitFinal(c["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_StreamWithIds_AndLastEventIdReplaysWhatWasMissed()
    {
        await using var server = await TestServer.Start();
        var (_, json) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 20 }));
        string id = json["id"]!.GetValue<string>();
        var all = await ReadEvents(server, id, null);
        Assert.Equal("queued", all[0].Type);
        Assert.Contains(all, e => e.Type == "started");
        Assert.Equal(2, all.Count(e => e.Type == "image-done"));
        Assert.Equal("completed", all[^1].Type);
        Assert.Equal("succeeded", JsonNode.Parse(all[^1].Data)!["status"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Id));

        var replay = await ReadEvents(server, id, 2);
        Assert.Equal(all.Skip(2).Select(e => (e.Id, e.Type)), replay.Select(e => (e.Id, e.Type)));
    }

    [Fact]
    public async Task Delete_CancelsAJob_AndASecondDeleteIsAConflict()
    {
        await using var server = await TestServer.Start();
        var (_, json) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5000 }));
        string id = json["id"]!.GetValue<string>();
        using var cancel = await server.Client.DeleteAsync($"/v1/inversions/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await TestServer.ReadObject(cancel))["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await server.Get(id))["status"]!.GetValue<string>());
        using var again = await server.Client.DeleteAsync($"/v1/inversions/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", TestServer.MediaType(again));

        using var unknown = await server.Client.GetAsync($"/v1/inversions/{new string('a', 32)}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var traversal = await server.Client.GetAsync("/v1/inversions/..%2F..%2Fetc%2Fpasswd");
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    [Fact]
    public async Task APreferWaitClientThatDisconnects_CancelsItsJob()
    {
        await using var server = await TestServer.Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/mnist/inversions")
        {
            Content = TestServer.Json(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 5000 })),
        };
        request.Headers.Add("Prefer", "wait=60");
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.Client.SendAsync(request, gone.Token));

        var metrics = string.Empty;
        for (int i = 0; i < 200 && !metrics.Contains("outcome=\"cancelled\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            metrics = await server.Client.GetStringAsync("/metrics");
        }

        Assert.Contains("onnxinvert_jobs_total{model=\"mnist\",outcome=\"cancelled\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeys_AreRequiredForTheApi_ButNotForHealthOrThePage()
    {
        await using var server = await TestServer.Start(o => o.ApiKeys.Add("s3cret"));
        using var open = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        using var page = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var refused = await server.Client.GetAsync("/v2/models/mnist");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", TestServer.MediaType(refused));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = TestServer.Bearer("guess");
        using var wrongAnswer = await server.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/v2/models/mnist");
        right.Headers.Authorization = TestServer.Bearer("s3cret");
        using var rightAnswer = await server.Client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, rightAnswer.StatusCode);
    }

    [Fact]
    public async Task Page_IsSelfContained_WithAContentSecurityPolicy()
    {
        await using var server = await TestServer.Start();
        using var page = await server.Client.GetAsync("/");
        string html = await page.Content.ReadAsStringAsync();
        string policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"/", html, StringComparison.Ordinal);
    }

    private static async Task<List<(long Id, string Type, string Data)>> ReadEvents(TestServer server, string id, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/inversions/{id}/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", TestServer.MediaType(response));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<(long, string, string)>();
        long eventId = 0;
        string type = string.Empty;
        for (int lines = 0; lines < 100_000; lines++)
        {
            string? line = await reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                break;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((eventId, type, line[6..]));
            }
        }

        return events;
    }
}
