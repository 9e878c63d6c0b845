using System.Globalization;
using System.Text.Json.Nodes;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// The wire form of a job: <c>{id, status, model, progress, images: [{index, mse, ..., latent}]}</c>, each image with
/// <c>latents: {name: [...]}</c> too when the model has several latents (<c>latent</c> is the first).
/// </summary>
internal static class JobJson
{
    public static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();

    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static JsonObject Build(ServiceJob job, int? queuePosition, IReadOnlyList<string> latentNames)
    {
        var images = new JsonArray();
        for (int i = 0; i < job.Request.Count; i++)
        {
            var result = job.Result(i);
            if (result is null)
            {
                images.Add(new JsonObject { ["index"] = i, ["done"] = false });
                continue;
            }

            images.Add(Image(job.Id, i, result, latentNames));
        }

        var json = new JsonObject
        {
            ["id"] = job.Id,
            ["status"] = StatusName(job.Status),
            ["model"] = job.Model,
            ["priority"] = job.Request.Priority.ToString().ToLowerInvariant(),
            ["created"] = job.Created.ToString("O", CultureInfo.InvariantCulture),
            ["started"] = job.Started?.ToString("O", CultureInfo.InvariantCulture),
            ["finished"] = job.Finished?.ToString("O", CultureInfo.InvariantCulture),
            ["deadline"] = job.Deadline?.ToString("O", CultureInfo.InvariantCulture),
            ["queue_position"] = queuePosition,
            ["progress"] = job.Progress(),
            ["options"] = new JsonObject(job.Request.Options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)JsonValue.Create(o.Value)))),
            ["images"] = images,
            ["links"] = new JsonObject
            {
                ["self"] = $"/v1/inversions/{job.Id}",
                ["events"] = $"/v1/inversions/{job.Id}/events",
                ["latents"] = $"/v1/inversions/{job.Id}/latents.npy",
            },
        };
        if (job.Error is not null)
        {
            json["error"] = job.Error;
        }

        return json;
    }

    private static JsonObject Image(string id, int index, InversionResult result, IReadOnlyList<string> latentNames)
    {
        var image = new JsonObject
        {
            ["index"] = index,
            ["done"] = true,
            ["mse"] = Number(result.Mse),
            ["mae"] = Number(result.Mae),
            ["psnr"] = Number(result.Psnr),
            ["loss"] = Number(result.Loss),
            ["steps"] = result.Steps,
            ["converged"] = result.Converged,
            ["restart"] = result.Restart,
            ["failed"] = result.Failed,
            ["cut_short"] = result.CutShort,
            ["latent_name"] = latentNames[0],
            ["latent"] = Floats(result.Latent),
            ["reconstruction"] = $"/v1/inversions/{id}/images/{index}/reconstruction.png",
        };
        if (latentNames.Count > 1)
        {
            image["latents"] = new JsonObject(latentNames.Select(name => KeyValuePair.Create(name, (JsonNode?)(result.Latents.TryGetValue(name, out var values) ? Floats(values) : null))));
        }

        return image;
    }

    private static JsonArray Floats(float[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
