using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OnnxInvert.Runtime;

namespace OnnxInvert.Server.Http;

/// <summary>Liveness, readiness (KServe Open Inference Protocol v2 names too), model metadata and metrics.</summary>
internal static class HealthEndpoints
{
    public static IResult Live() => Results.Json(new JsonObject { ["status"] = "alive" });

    /// <summary>200 when every model is loaded and warm, the service is not draining and no queue is full; else 503 with the reasons.</summary>
    public static IResult Ready(InversionService service)
    {
        var reasons = new List<string>();
        if (service.Draining)
        {
            reasons.Add("draining for shutdown");
        }

        foreach (var served in service.Options.Models)
        {
            var model = service.Model(served.Name);
            if (model is null || !model.Warm)
            {
                reasons.Add($"model '{served.Name}' is not loaded yet");
            }
            else if (model.QueuedImages >= model.MaxQueue)
            {
                reasons.Add($"model '{served.Name}' has a full queue ({model.QueuedImages} images)");
            }
        }

        var body = new JsonObject { ["status"] = reasons.Count == 0 ? "ready" : "not ready", ["reasons"] = new JsonArray([.. reasons.Select(r => (JsonNode?)r)]) };
        return Results.Json(body, statusCode: reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Open Inference Protocol model metadata, with the latent, the prior and the batch.</summary>
    public static IResult Metadata(InversionService service, string model)
    {
        var scheduler = service.Model(model) ?? throw new ProblemException(404, "Unknown model", $"no model '{model}'; this service has {string.Join(", ", service.Models.Select(m => $"'{m.Name}'"))}");
        var g = scheduler.Generator;
        JsonArray Shape(long[] dims) => new(dims.Prepend(-1L).Select(d => (JsonNode?)d).ToArray());
        var body = new JsonObject
        {
            ["name"] = model,
            ["platform"] = "onnx",
            ["versions"] = new JsonArray((JsonNode?)"1"),
            ["inputs"] = new JsonArray([
                .. g.Latents.Select(l => (JsonNode?)new JsonObject { ["name"] = l.Name, ["datatype"] = "FP32", ["shape"] = Shape([.. l.Shape]) }),
                .. g.Inputs.Select(i => (JsonNode?)new JsonObject { ["name"] = i.Name, ["datatype"] = DataType(i.ElementType), ["shape"] = i.Dims is null ? new JsonArray() : new JsonArray([.. i.Dims.Select(d => (JsonNode?)d)]) })]),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = g.ImageOutput, ["datatype"] = "FP32", ["shape"] = Shape(g.ImageShape) }),
            ["latents"] = new JsonArray([.. g.Latents.Select(l => (JsonNode?)new JsonObject { ["name"] = l.Name, ["shape"] = Shape([.. l.Shape]), ["size"] = l.Size, ["prior"] = l.Prior.ToString() })]),
            ["conditions"] = new JsonArray([.. g.Inputs.Select(i => (JsonNode?)new JsonObject { ["name"] = i.Name, ["datatype"] = DataType(i.ElementType), ["batched"] = i.Batched, ["has_default"] = i.Default is not null, ["option"] = $"input {i.Name}=VALUE" })]),
            ["prior"] = g.Prior.ToString(),
            ["output_range"] = new JsonArray(g.OutputRange.Low, g.OutputRange.High),
            ["max_batch"] = scheduler.MaxBatch,
            ["max_queue"] = scheduler.MaxQueue,
            ["samples_independent"] = scheduler.SamplesIndependent,
            ["ready"] = scheduler.Warm && !service.Draining,
        };
        return Results.Json(body);
    }

    /// <summary>The Open Inference Protocol datatype of an ONNX element type (FP32, INT64, BOOL, ...).</summary>
    private static string DataType(TensorElementType type) => type switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.String => "BYTES",
        _ => type.ToString().ToUpperInvariant(),
    };

    public static IResult Metrics(InversionService service) =>
        Results.Text(service.Metrics.Render(service.Models), "text/plain; version=0.0.4; charset=utf-8");
}
