using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OnnxInvert.Imaging;
using OnnxInvert.Server.Jobs;
using OnnxInvert.Server.Scheduling;

namespace OnnxInvert.Server.Http;

/// <summary>The <c>/v1</c> endpoints: submit, read, follow (SSE), cancel, and download a job's latents and images.</summary>
internal static class InversionEndpoints
{
    private const int MaxWaitSeconds = 600;

    public static async Task Submit(HttpContext context, InversionService service, string model)
    {
        var scheduler = service.Model(model) ?? throw new ProblemException(404, "Unknown model", $"no model '{model}'; this service has {string.Join(", ", service.Models.Select(m => $"'{m.Name}'"))}");
        if (service.Draining)
        {
            throw new ProblemException(503, "Shutting down", "the service is draining for shutdown; submit again after it restarts", TimeSpan.FromSeconds(5));
        }

        string? key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is { Length: > 255 })
        {
            throw new ProblemException(400, "Bad Idempotency-Key", "the Idempotency-Key header may have at most 255 characters");
        }

        if (key is not null && service.Store.ForKey(model, key) is { } known)
        {
            await Answer(context, service, scheduler, known).ConfigureAwait(false);
            return;
        }

        var sent = await RequestReader.Read(context, scheduler, service.Options).ConfigureAwait(false);
        if (sent.Images.Count == 0)
        {
            throw new ProblemException(400, "No images", "send at least one image");
        }

        var priority = TakePriority(sent.Options);
        double? deadline = TakeDeadline(sent.Options);
        CheckLatents(sent.Options, scheduler);
        sent.Options.Remove("resize", out string? resize);
        if (resize is not null && !bool.TryParse(resize, out _))
        {
            throw new ProblemException(400, "Invalid options", $"resize must be true or false; got '{resize}'");
        }

        var images = new float[sent.Images.Count * sent.Images[0].Length];
        for (int i = 0; i < sent.Images.Count; i++)
        {
            sent.Images[i].CopyTo(images, i * sent.Images[0].Length);
        }

        var request = new JobRequest(images, sent.Images.Count, sent.Options, priority, deadline, key);
        ServiceJob job;
        try
        {
            job = service.CreateJob(JobStore.NewId(), model, request, DateTimeOffset.UtcNow);
        }
        catch (RequestOptionsException ex)
        {
            throw new ProblemException(400, "Invalid options", ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw new ProblemException(422, "Options do not fit the model", ex.Message);
        }

        if (job.Options.Steps > service.Options.MaxSteps)
        {
            throw new ProblemException(422, "Too many steps", $"steps may be at most {service.Options.MaxSteps} on this service; got {job.Options.Steps}");
        }

        if (job.Options.Restarts > service.Options.MaxRestarts)
        {
            throw new ProblemException(422, "Too many restarts", $"restarts may be at most {service.Options.MaxRestarts} on this service; got {job.Options.Restarts}");
        }

        try
        {
            scheduler.Prepare(job);
        }
        catch (ArgumentException ex)
        {
            throw new ProblemException(422, "Options do not fit the model", service.Parser.Describe(ex.Message));
        }

        if (scheduler.QueuedImages + request.Count > scheduler.MaxQueue)
        {
            throw QueueFull(scheduler, request.Count);
        }

        var stored = service.Store.Add(job);
        if (!ReferenceEquals(stored, job))
        {
            await Answer(context, service, scheduler, stored).ConfigureAwait(false);
            return;
        }

        if (!scheduler.Enqueue(job))
        {
            service.Store.Forget(job);
            throw QueueFull(scheduler, request.Count);
        }

        await Answer(context, service, scheduler, job).ConfigureAwait(false);
    }

    public static async Task Get(HttpContext context, InversionService service, string id)
    {
        var job = Find(service, id);
        await WriteJob(context, service, job, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    public static async Task Cancel(HttpContext context, InversionService service, string id)
    {
        var job = Find(service, id);
        if (!service.Model(job.Model)!.Cancel(job))
        {
            throw new ProblemException(409, "Already ended", $"job {id} has already ended with status {JobJson.StatusName(job.Status)}");
        }

        await WriteJob(context, service, job, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    public static async Task Events(HttpContext context, InversionService service, string id)
    {
        var job = Find(service, id);
        long after = long.TryParse(context.Request.Headers["Last-Event-ID"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long last) ? last : 0;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var token = context.RequestAborted;
        await response.WriteAsync("retry: 1000\n\n", token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
        try
        {
            while (!token.IsCancellationRequested)
            {
                var (events, changed) = job.EventsAfter(after);
                foreach (var e in events)
                {
                    await response.WriteAsync($"id: {e.Id}\nevent: {e.Type}\ndata: {e.Data}\n\n", token).ConfigureAwait(false);
                    after = e.Id;
                    if (e.Type == "completed")
                    {
                        await response.Body.FlushAsync(token).ConfigureAwait(false);
                        return;
                    }
                }

                await response.Body.FlushAsync(token).ConfigureAwait(false);
                await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(15), token)).ConfigureAwait(false);
                if (!changed.IsCompleted && !token.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>The job's latents [N, ...] as .npy (the first latent, or <c>?latent=NAME</c>); NaN rows for images without a result.</summary>
    public static async Task Latents(HttpContext context, InversionService service, string id)
    {
        var job = Find(service, id);
        var scheduler = service.Model(job.Model)!;
        var generator = scheduler.Generator;
        string? name = context.Request.Query["latent"].FirstOrDefault();
        var latent = name is null ? generator.Latents[0] : generator.FindLatent(name)
            ?? throw new ProblemException(404, "Unknown latent", $"model '{job.Model}' has the latent(s) {string.Join(", ", generator.Latents.Select(l => l.Name))}");
        if (!job.IsFinal)
        {
            throw new ProblemException(409, "Not finished", $"job {id} is {JobJson.StatusName(job.Status)}; its latents are ready when it ends");
        }

        int size = latent.Size;
        var data = new float[job.Request.Count * size];
        for (int i = 0; i < job.Request.Count; i++)
        {
            var result = job.Result(i);
            float[]? values = result is null ? null : ReferenceEquals(latent, generator.Latents[0]) ? result.Latent : result.Latents.GetValueOrDefault(latent.Name);
            if (values is null)
            {
                data.AsSpan(i * size, size).Fill(float.NaN);
            }
            else
            {
                values.CopyTo(data, i * size);
            }
        }

        int[] shape = [job.Request.Count, .. latent.Shape.Select(d => (int)d)];
        using var buffer = new MemoryStream();
        NpyFile.Write(buffer, NpyArray.Create<float>(data, shape));
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"latents-{job.Id}.npy\"";
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task Picture(HttpContext context, InversionService service, string id, int index, string kind)
    {
        var job = Find(service, id);
        if (index < 0 || index >= job.Request.Count)
        {
            throw new ProblemException(404, "No such image", $"job {id} has images 0 to {job.Request.Count - 1}; got {index}");
        }

        float[] values;
        if (kind == "target")
        {
            values = job.Request.Image(index).ToArray();
        }
        else
        {
            values = job.Result(index)?.Reconstruction ?? throw new ProblemException(404, "Not reconstructed", $"image {index} of job {id} has no reconstruction (yet)");
        }

        var generator = service.Model(job.Model)!.Generator;
        var png = PngFile.Encode(ToPicture(values, generator.ImageShape, generator.OutputRange, $"{kind}-{index}"));
        context.Response.ContentType = "image/png";
        await context.Response.Body.WriteAsync(png, context.RequestAborted).ConfigureAwait(false);
    }

    private static DecodedImage ToPicture(float[] values, long[] shape, PixelRange range, string name)
    {
        int channels = (int)shape[0];
        int height = (int)shape[1];
        int width = (int)shape[2];
        var pixels = new byte[channels * height * width];
        float span = range.High - range.Low;
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < height * width; p++)
            {
                float unit = (values[(c * height * width) + p] - range.Low) / span;
                pixels[(p * channels) + c] = (byte)Math.Clamp(MathF.Round(unit * 255f), 0, 255);
            }
        }

        return new DecodedImage(name, width, height, channels, pixels);
    }

    private static ServiceJob Find(InversionService service, string id) =>
        service.Store.Find(id) ?? throw new ProblemException(404, "Unknown job", $"no job '{(JobStore.IsId(id) ? id : "(not a job id)")}' (jobs are kept for {service.Options.Retention.TotalMinutes:G4} minutes after they end)");

    private static ProblemException QueueFull(ModelScheduler scheduler, int count) => new(
        429,
        "Queue full",
        $"model '{scheduler.Name}' has {scheduler.QueuedImages} images queued of at most {scheduler.MaxQueue}; {count} more do not fit",
        TimeSpan.FromSeconds(Math.Max(1, scheduler.EstimatedQueueSeconds())));

    private static JobPriority TakePriority(Dictionary<string, string> options)
    {
        if (!options.Remove("priority", out string? text))
        {
            return JobPriority.Normal;
        }

        return text.ToLowerInvariant() switch
        {
            "high" => JobPriority.High,
            "normal" => JobPriority.Normal,
            "low" => JobPriority.Low,
            _ => throw new ProblemException(400, "Invalid options", $"priority must be high, normal or low; got '{text}'"),
        };
    }

    /// <summary>Takes out <c>latent</c>, which may only name the latents the model is served with (any order, comma-separated or repeated).</summary>
    private static void CheckLatents(Dictionary<string, string> options, ModelScheduler model)
    {
        if (!options.Remove("latent", out string? text))
        {
            return;
        }

        string[] asked = [.. text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
        string[] own = [.. model.Generator.Latents.Select(l => l.Name)];
        if (!asked.SequenceEqual(own.Order(StringComparer.Ordinal)))
        {
            throw new ProblemException(422, "Other latents", $"model '{model.Name}' is served with the latent(s) {string.Join(", ", own)}; a request cannot choose others (got {string.Join(", ", asked)})");
        }
    }

    private static double? TakeDeadline(Dictionary<string, string> options)
    {
        if (!options.Remove("deadline_seconds", out string? text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds) && seconds > 0
            ? seconds
            : throw new ProblemException(400, "Invalid options", $"deadline_seconds must be a positive number of seconds; got '{text}'");
    }

    /// <summary>202 with Location, or with <c>Prefer: wait=N</c> 200 when the job ends in time; a waiting client that disconnects cancels the job.</summary>
    private static async Task Answer(HttpContext context, InversionService service, ModelScheduler scheduler, ServiceJob job)
    {
        context.Response.Headers.Location = $"/v1/inversions/{job.Id}";
        int? wait = PreferWait(context.Request);
        if (wait is > 0 && !job.IsFinal)
        {
            var aborted = context.RequestAborted;
            try
            {
                await job.Completion.WaitAsync(TimeSpan.FromSeconds(wait.Value), aborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Not finished in time: answer 202 below.
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                scheduler.Cancel(job);
                return;
            }
        }

        if (wait is not null)
        {
            context.Response.Headers["Preference-Applied"] = $"wait={wait}";
        }

        await WriteJob(context, service, job, job.IsFinal && wait is not null ? StatusCodes.Status200OK : StatusCodes.Status202Accepted).ConfigureAwait(false);
    }

    private static int? PreferWait(HttpRequest request)
    {
        foreach (string? header in request.Headers["Prefer"])
        {
            foreach (string part in (header ?? string.Empty).Split(',', ';'))
            {
                string[] pair = part.Trim().Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim().Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(pair[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
                {
                    return Math.Min(seconds, MaxWaitSeconds);
                }
            }
        }

        return null;
    }

    private static async Task WriteJob(HttpContext context, InversionService service, ServiceJob job, int status)
    {
        var scheduler = service.Model(job.Model)!;
        JsonObject json = JobJson.Build(job, job.Status == JobStatus.Queued ? scheduler.QueuePosition(job) : null, [.. scheduler.Generator.Latents.Select(l => l.Name)]);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json.ToJsonString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }
}
