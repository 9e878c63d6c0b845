using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OnnxInvert.Server.Tests.TestUtilities;

namespace OnnxInvert.Server.Tests;

/// <summary>Bad requests get their 4xx as RFC 9457 problems naming what is wrong; none gets a 500.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly string Sample = ServerPaths.Samples[0];
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.Start(o =>
    {
        o.MaxBodyBytes = 64 * 1024;
        o.MaxImagesPerRequest = 4;
        o.MaxSteps = 1000;
        o.MaxRestarts = 2;
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CorruptImage_Is400()
    {
        byte[] png = File.ReadAllBytes(Sample);
        byte[] corrupt = png[..40];
        var body = new JsonObject { ["images"] = new JsonArray(Convert.ToBase64String(corrupt)) };
        await Expect(body, HttpStatusCode.BadRequest, "images[0]");
        await Expect(new JsonObject { ["images"] = new JsonArray("not base64!") }, HttpStatusCode.BadRequest, "base64");
    }

    [Fact]
    public async Task UnknownFormat_Is415_AndOtherContentTypes_Are415()
    {
        var body = new JsonObject { ["images"] = new JsonArray(Convert.ToBase64String(Encoding.UTF8.GetBytes("GIF89a plus more bytes here"))) };
        await Expect(body, HttpStatusCode.UnsupportedMediaType, "images[0]");
        using var text = await _server.Client.PostAsync("/v1/models/mnist/inversions", new StringContent("hello", Encoding.UTF8, "text/plain"));
        await AssertProblem(text, HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
    }

    [Fact]
    public async Task WrongSizeOrChannels_Is422_AsInvertSaysIt()
    {
        byte[] rgb = OnnxInvert.Imaging.PngFile.Encode(new OnnxInvert.Imaging.DecodedImage("rgb", 28, 28, 3, new byte[28 * 28 * 3]));
        byte[] large = OnnxInvert.Imaging.PngFile.Encode(new OnnxInvert.Imaging.DecodedImage("large", 32, 30, 1, new byte[32 * 30]));
        await Expect(new JsonObject { ["images"] = new JsonArray(Convert.ToBase64String(rgb)) }, HttpStatusCode.UnprocessableEntity, "channel");
        await Expect(new JsonObject { ["images"] = new JsonArray(Convert.ToBase64String(large)) }, HttpStatusCode.UnprocessableEntity, "28");
        var array = new JsonArray([.. Enumerable.Range(0, 27).Select(_ => (JsonNode?)new JsonArray([.. Enumerable.Range(0, 28).Select(_ => (JsonNode?)0.5)]))]);
        await Expect(new JsonObject { ["images"] = new JsonArray(array) }, HttpStatusCode.UnprocessableEntity, "[27, 28]");

        // resize=true converts and resizes, as invert --resize does.
        var (resized, json) = await _server.Post(new JsonObject { ["images"] = new JsonArray(Convert.ToBase64String(large)), ["options"] = new JsonObject { ["resize"] = true, ["steps"] = 2 } }, wait: 60);
        Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
        Assert.Equal("succeeded", json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownModel_Is404()
    {
        using var response = await _server.Client.PostAsync("/v1/models/nope/inversions", TestServer.Json(TestServer.Body([Sample])));
        await AssertProblem(response, HttpStatusCode.NotFound, "'mnist'");
    }

    [Theory]
    [InlineData("steps", "\"many\"", "wrong type")]
    [InlineData("steps", "0", "steps")]
    [InlineData("loss", "\"hinge\"", "bce, mse, l1")]
    [InlineData("optimizer", "\"lbfgs\"", "rmsprop, adam, sgd")]
    [InlineData("prior_mode", "\"sideways\"", "prior_mode must be one of")]
    [InlineData("stepz", "3", "unknown option 'stepz'")]
    [InlineData("mask", "\"/etc/passwd\"", "cannot be set on a request")]
    [InlineData("init", "\"/tmp/z.npy\"", "init must be prior or mean")]
    [InlineData("out", "\"/tmp\"", "cannot be set on a request")]
    [InlineData("priority", "\"urgent\"", "high, normal or low")]
    [InlineData("deadline_seconds", "-1", "positive number")]
    [InlineData("preset", "\"fast\"", "preset must be one of")]
    public async Task BadOptions_Are400_NamingTheOption(string name, string value, string expected)
    {
        var body = TestServer.Body([Sample]);
        body["options"] = JsonNode.Parse($"{{\"{name}\": {value}}}");
        await Expect(body, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task OverLimits_Are413Or422()
    {
        await Expect(TestServer.Body(Enumerable.Repeat(Sample, 5)), HttpStatusCode.RequestEntityTooLarge, "at most 4 images");
        await Expect(TestServer.Body([Sample], new JsonObject { ["steps"] = 1001 }), HttpStatusCode.UnprocessableEntity, "at most 1000");
        await Expect(TestServer.Body([Sample], new JsonObject { ["restarts"] = 3 }), HttpStatusCode.UnprocessableEntity, "at most 2");
        var huge = new JsonObject { ["images"] = new JsonArray(new string('A', 100 * 1024)) };
        await Expect(huge, HttpStatusCode.RequestEntityTooLarge, "65536 bytes");
    }

    [Fact]
    public async Task OversizeBodyWithoutContentLength_Is413()
    {
        var stream = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"images\": [\"" + new string('A', 200 * 1024) + "\"]}")));
        stream.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/mnist/inversions") { Content = stream };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _server.Client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "bytes");
    }

    [Fact]
    public async Task MalformedJson_AndMissingImages_Are400()
    {
        using var broken = await _server.Client.PostAsync("/v1/models/mnist/inversions", new StringContent("{\"images\": [", Encoding.UTF8, "application/json"));
        await AssertProblem(broken, HttpStatusCode.BadRequest, string.Empty);
        await Expect(new JsonObject { ["pictures"] = new JsonArray() }, HttpStatusCode.BadRequest, "\"images\"");
        await Expect(new JsonObject { ["images"] = new JsonArray() }, HttpStatusCode.BadRequest, "at least one image");
    }

    [Fact]
    public async Task Multipart_TakesImagePartsAndOptionFields_AndRefusesOtherParts()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(Sample)), "image", "a.png" },
            { new ByteArrayContent(File.ReadAllBytes(ServerPaths.Samples[1])), "image", "b.png" },
            { new StringContent("3"), "steps" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/mnist/inversions") { Content = form };
        request.Headers.Add("Prefer", "wait=60");
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await TestServer.ReadObject(response);
        Assert.Equal(2, json["images"]!.AsArray().Count);
        Assert.Equal(3, json["images"]![0]!["steps"]!.GetValue<int>());

        using var other = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(Sample)), "picture", "a.png" } };
        using var refused = await _server.Client.PostAsync("/v1/models/mnist/inversions", other);
        await AssertProblem(refused, HttpStatusCode.BadRequest, "'picture'");
    }

    private async Task Expect(JsonObject body, HttpStatusCode status, string detail)
    {
        using var response = await _server.Client.PostAsync("/v1/models/mnist/inversions", TestServer.Json(body));
        await AssertProblem(response, status, detail);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", TestServer.MediaType(response));
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
