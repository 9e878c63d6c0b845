using System.Net;
using System.Text.Json.Nodes;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>With a state folder, accepted jobs survive kill -9 of the real <c>onnxinvert serve</c> and finish after a restart.</summary>
public sealed class RestartTests
{
    private static readonly string[] Samples = ServerPaths.Samples;

    [Fact]
    public async Task KillNine_ThenRestartWithTheSameStateDir_FinishesEveryAcceptedJob()
    {
        using var state = new TempFolder();
        string[] arguments = ["--model", $"mnist={RepoPaths.MnistModel}", "--state-dir", state.Path, "--max-batch", "2"];
        var ids = new List<string>();
        string doneId;
        JsonObject doneBefore;
        using (var first = ServeProcess.Start(arguments))
        using (var client = new HttpClient { BaseAddress = first.Address, Timeout = TimeSpan.FromSeconds(120) })
        {
            using var quick = new HttpRequestMessage(HttpMethod.Post, "/v1/models/mnist/inversions") { Content = TestServer.Json(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 3 })) };
            quick.Headers.Add("Prefer", "wait=120");
            using var quickAnswer = await client.SendAsync(quick);
            doneBefore = await TestServer.ReadObject(quickAnswer);
            Assert.Equal(HttpStatusCode.OK, quickAnswer.StatusCode);
            doneId = doneBefore["id"]!.GetValue<string>();

            for (int k = 0; k < 3; k++)
            {
                using var answer = await client.PostAsync("/v1/models/mnist/inversions", TestServer.Json(TestServer.Body(Samples[(2 * k)..((2 * k) + 2)], new JsonObject { ["steps"] = 60, ["seed"] = 7 })));
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
                ids.Add((await TestServer.ReadObject(answer))["id"]!.GetValue<string>());
            }

            first.KillHard();
        }

        using var second = ServeProcess.Start(arguments);
        using var again = new HttpClient { BaseAddress = second.Address, Timeout = TimeSpan.FromSeconds(120) };
        var until = DateTime.UtcNow.AddMinutes(5);
        foreach (string id in ids)
        {
            JsonObject job = [];
            for (int i = 0; i < 3000 && DateTime.UtcNow < until; i++)
            {
                job = JsonNode.Parse(await again.GetStringAsync($"/v1/inversions/{id}"))!.AsObject();
                if (job["status"]!.GetValue<string>() is not ("queued" or "running"))
                {
                    break;
                }

                await Task.Delay(100);
            }

            Assert.True(job["status"]?.GetValue<string>() == "succeeded", $"job {id}: {job.ToJsonString()}\n{second.Errors}");
            Assert.All(job["images"]!.AsArray(), image => Assert.Equal(60, image!["steps"]!.GetValue<int>()));
        }

        // Each job's folder is the job layer's run folder: its resume state commits every image, latents.npy holds them.
        foreach (string id in ids)
        {
            string folder = Path.Combine(state.Path, "jobs", id);
            string stateFile = Path.Combine(folder, OnnxInvert.Inversion.Jobs.RunFolder.StateFile);
            for (int i = 0; i < 200 && !File.Exists(Path.Combine(folder, "status.json")); i++)
            {
                await Task.Delay(50);
            }

            var resume = JsonNode.Parse(File.ReadAllText(stateFile))!;
            Assert.True(resume["finished"]!.GetValue<int>() == 2, $"{string.Join(", ", Directory.GetFileSystemEntries(folder).Select(Path.GetFileName))}\n{File.ReadAllText(stateFile)}\n{second.Errors}");
            var latents = OnnxInvert.Imaging.NpyFile.Read(Path.Combine(folder, OnnxInvert.Inversion.Jobs.RunFolder.LatentsFile));
            Assert.Equal(2, latents.Shape[0]);
            var served = JsonNode.Parse(await again.GetStringAsync($"/v1/inversions/{id}"))!;
            Assert.Equal(served["images"]![1]!["latent"]!.AsArray().Select(v => v!.GetValue<float>()), latents.ToSingleArray().Skip(latents.Length / 2));
        }

        var kept = JsonNode.Parse(await again.GetStringAsync($"/v1/inversions/{doneId}"))!;
        Assert.Equal("succeeded", kept["status"]!.GetValue<string>());
        Assert.Equal(doneBefore["images"]![0]!["latent"]!.ToJsonString(), kept["images"]![0]!["latent"]!.ToJsonString());
        Assert.Contains("jobs read back", second.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadlineJob_KeepsItsStatusAndItsCutShortImage_AcrossARestartWithTheSameStateDir()
    {
        using var state = new TempFolder();
        void Configure(InversionServiceOptions o)
        {
            o.MaxBatch = 1;
            o.StateDirectory = state.Path;
        }

        string id;
        JsonObject before;
        await using (var server = await TestServer.Start(Configure))
        {
            // The first job builds the options' objective, so the deadline of the second is spent inverting.
            var (_, warm) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 3000, ["deadline_seconds"] = 0.3 }), wait: 60);
            Assert.Equal("deadline", warm["status"]!.GetValue<string>());
            var (_, late) = await server.Post(TestServer.Body(Samples[..2], new JsonObject { ["steps"] = 3000, ["deadline_seconds"] = 1.5 }));
            id = late["id"]!.GetValue<string>();
            before = await server.WaitFinal(id, 60);
            Assert.Equal("deadline", before["status"]!.GetValue<string>());
            Assert.Contains(before["images"]!.AsArray(), i => i!["cut_short"]?.GetValue<bool>() == true);
            Assert.True(server.Service.Store.WaitWritten(TimeSpan.FromSeconds(30)));
        }

        Assert.True(File.Exists(Path.Combine(state.Path, "jobs", id, "cut_short.json")));
        await using var again = await TestServer.Start(Configure);
        var after = await again.Get(id);
        Assert.Equal("deadline", after["status"]!.GetValue<string>());
        for (int i = 0; i < 2; i++)
        {
            var (was, now) = (before["images"]![i]!, after["images"]![i]!);
            Assert.Equal(was["done"]!.GetValue<bool>(), now["done"]!.GetValue<bool>());
            Assert.Equal(was["cut_short"]?.GetValue<bool>(), now["cut_short"]?.GetValue<bool>());
            Assert.Equal(was["latent"]?.ToJsonString(), now["latent"]?.ToJsonString());
            Assert.Equal(was["steps"]?.GetValue<int>(), now["steps"]?.GetValue<int>());
        }
    }

    [Fact]
    public async Task FinishedJobs_AreDeletedWithTheirFiles_AfterTheRetention()
    {
        using var state = new TempFolder();
        await using var server = await TestServer.Start(o =>
        {
            o.StateDirectory = state.Path;
            o.Retention = TimeSpan.FromSeconds(1);
        });
        var (_, json) = await server.Post(TestServer.Body([Samples[0]], new JsonObject { ["steps"] = 2 }), wait: 60);
        string id = json["id"]!.GetValue<string>();
        string folder = Path.Combine(state.Path, "jobs", id);
        Assert.True(server.Service.Store.WaitWritten(TimeSpan.FromSeconds(30)) || !Directory.Exists(folder));
        HttpStatusCode status = HttpStatusCode.OK;
        for (int i = 0; i < 200 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(50);
            using var response = await server.Client.GetAsync($"/v1/inversions/{id}");
            status = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        for (int i = 0; i < 200 && Directory.Exists(folder); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Serve_RefusesANonLoopbackAddressWithoutAnApiKeyFile()
    {
        using var errors = new StringWriter();
        int code = OnnxInvert.Cli.Program.Run(["serve", "--model", $"mnist={RepoPaths.MnistModel}", "--urls", "http://0.0.0.0:0"], TextWriter.Null, errors);
        Assert.Equal(2, code);
        Assert.Contains("loopback", errors.ToString(), StringComparison.Ordinal);
        using var bad = new StringWriter();
        Assert.Equal(2, OnnxInvert.Cli.Program.Run(["serve", "--model", "mnist"], TextWriter.Null, bad));
        Assert.Contains("NAME=PATH", bad.ToString(), StringComparison.Ordinal);
    }
}
