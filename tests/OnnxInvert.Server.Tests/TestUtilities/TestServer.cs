using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Runtime;

namespace OnnxInvert.Server.Tests.TestUtilities;

/// <summary>
/// The service on real Kestrel at an ephemeral 127.0.0.1 port, with the CLI's request option parser, and an
/// HttpClient pointed at it. Every wait is bounded in time and in the number of requests.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
    }

    public HttpClient Client { get; }

    /// <summary>The running service (its store and schedulers), for what HTTP does not show.</summary>
    public InversionService Service => _app.Services.GetRequiredService<InversionService>();

    public static async Task<TestServer> Start(Action<InversionServiceOptions>? configure = null, long? kestrelBodyLimit = null)
    {
        OrtLibrary.Load(null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (kestrelBodyLimit is { } limit)
        {
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limit);
        }

        builder.Services.AddInversionService(o =>
        {
            o.Models.Add(new ServedModel("mnist", RepoPaths.MnistModel));
            o.MaxBatch = 8;
            o.OptionsParser = new RequestFlags(new SessionSettings());
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapInversionService();
        await app.StartAsync();
        return new TestServer(app, new Uri(app.Urls.First()));
    }

    public static string Base64(string file) => Convert.ToBase64String(File.ReadAllBytes(file));

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A JSON submission of <paramref name="files"/> with <paramref name="options"/>.</summary>
    public static JsonObject Body(IEnumerable<string> files, JsonObject? options = null) => new()
    {
        ["images"] = new JsonArray([.. files.Select(f => (JsonNode?)Base64(f))]),
        ["options"] = options ?? [],
    };

    public async Task<(HttpResponseMessage Response, JsonObject Json)> Post(JsonObject body, string model = "mnist", int? wait = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}/inversions") { Content = Json(body) };
        if (wait is { } w)
        {
            request.Headers.Add("Prefer", $"wait={w}");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await Client.SendAsync(request);
        return (response, await ReadObject(response));
    }

    public async Task<JsonObject> Get(string id)
    {
        using var response = await Client.GetAsync($"/v1/inversions/{id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ReadObject(response);
    }

    /// <summary>Polls the job every 50 ms until its status is final (at most <paramref name="seconds"/> s, and one request per interval).</summary>
    public async Task<JsonObject> WaitFinal(string id, double seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        for (int i = 0; i < Polls(seconds, 50) && DateTime.UtcNow < until; i++)
        {
            var job = await Get(id);
            if (job["status"]!.GetValue<string>() is not ("queued" or "running"))
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {id} did not end in {seconds} s");
    }

    /// <summary>Polls the job every 20 ms until <paramref name="until"/> holds (bounded as <see cref="WaitFinal"/>).</summary>
    public async Task<JsonObject> WaitUntil(string id, Func<JsonObject, bool> until, double seconds = 60)
    {
        var limit = DateTime.UtcNow.AddSeconds(seconds);
        for (int i = 0; i < Polls(seconds, 20) && DateTime.UtcNow < limit; i++)
        {
            var job = await Get(id);
            if (until(job))
            {
                return job;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"job {id} did not reach the condition in {seconds} s");
    }

    /// <summary>Enough polls to cover <paramref name="seconds"/> at one per <paramref name="intervalMs"/>, so the time limit, not the count, ends a wait.</summary>
    private static int Polls(double seconds, int intervalMs) => (int)Math.Ceiling(seconds * 1000 / intervalMs) + 1;

    public static async Task<JsonObject> ReadObject(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    public static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
