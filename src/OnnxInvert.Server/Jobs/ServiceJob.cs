using System.Diagnostics;
using System.Text.Json.Nodes;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// One accepted request: its images (in the generator's output layout and range), its options, and what has happened
/// to it. Every member is safe to use from the request threads and the model's scheduler thread.
/// </summary>
internal sealed class ServiceJob
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<JobEvent> _events = [];
    private readonly InversionResult?[] _results;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastProgress;

    /// <summary>A job with the given <paramref name="conditions"/> (null keeps every condition value in the options group).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="model">The served model's name.</param>
    /// <param name="request">What the client sent.</param>
    /// <param name="options">The request's parsed engine options.</param>
    /// <param name="created">When it was accepted.</param>
    /// <param name="conditions">The job's condition values split by batch axis.</param>
    public ServiceJob(string id, string model, JobRequest request, InversionOptions options, DateTimeOffset created, JobConditions? conditions = null)
    {
        Id = id;
        Model = model;
        Request = request;
        Options = options;
        Conditions = conditions?.Rows;
        var text = request.Options.Where(o => conditions is null || o.Key != JobConditions.OptionName).Select(o => $"{o.Key}={o.Value}");
        if (conditions is { GroupText.Length: > 0 })
        {
            text = text.Append($"{JobConditions.OptionName}={conditions.GroupText}");
        }

        Group = string.Join(";", text.Order(StringComparer.Ordinal));
        Created = created;
        _results = new InversionResult?[request.Count];
    }

    public string Id { get; }

    public string Model { get; }

    /// <summary>What the client sent (images and option text), as persisted.</summary>
    public JobRequest Request { get; }

    public InversionOptions Options { get; }

    /// <summary>
    /// The options group: the option text, sorted (jobs of one group share one compiled objective and its batch);
    /// the values of batched condition inputs are not part of it (each image brings its row, <see cref="Conditions"/>).
    /// </summary>
    public string Group { get; }

    /// <summary>The rows of the batched condition inputs every image of the job is fed, or null (the options' values).</summary>
    public IReadOnlyDictionary<string, double[]>? Conditions { get; }

    public DateTimeOffset Created { get; }

    public DateTimeOffset? Deadline => Request.DeadlineSeconds is { } s ? Created.AddSeconds(s) : null;

    public JobStatus Status { get; private set; }

    public DateTimeOffset? Started { get; private set; }

    public DateTimeOffset? Finished { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The latest step of the batch the job's images run in.</summary>
    public long Step { get; private set; }

    /// <summary>The mean loss of the batch the job's images run in at the latest step (NaN before the first).</summary>
    public double Loss { get; private set; } = double.NaN;

    public int ImagesDone { get; private set; }

    public bool IsFinal => Status is not (JobStatus.Queued or JobStatus.Running);

    /// <summary>Completes when the job reaches a final status.</summary>
    public Task Completion => _finished.Task;

    public InversionResult? Result(int index)
    {
        lock (_gate)
        {
            return _results[index];
        }
    }

    /// <summary>The image's result is already known (a resumed job).</summary>
    public void Restore(int index, InversionResult result)
    {
        lock (_gate)
        {
            if (_results[index] is null)
            {
                _results[index] = result;
                ImagesDone++;
            }
        }
    }

    /// <summary>Restores a final status read back from the state folder.</summary>
    public void RestoreFinal(JobStatus status, DateTimeOffset? started, DateTimeOffset finished, string? error)
    {
        lock (_gate)
        {
            Status = status;
            Started = started;
            Finished = finished;
            Error = error;
            _finished.TrySetResult();
        }
    }

    public void Queued() => Append("queued", new JsonObject { ["status"] = "queued" });

    /// <summary>The job's first image entered a batch.</summary>
    public void MarkStarted(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Status != JobStatus.Queued)
            {
                return;
            }

            Status = JobStatus.Running;
            Started = now;
        }

        Append("started", new JsonObject { ["status"] = "running" });
    }

    /// <summary>A batch step went by; events are throttled to four a second.</summary>
    public void ReportProgress(long step, double loss)
    {
        bool emit;
        lock (_gate)
        {
            if (IsFinal)
            {
                return;
            }

            Step = step;
            Loss = loss;
            long now = Stopwatch.GetTimestamp();
            emit = Stopwatch.GetElapsedTime(_lastProgress, now) >= ProgressInterval;
            if (emit)
            {
                _lastProgress = now;
            }
        }

        if (emit)
        {
            Append("progress", Progress());
        }
    }

    /// <summary>Records an image's result; false when the job has ended or the image already has one.</summary>
    public bool Complete(int index, InversionResult result)
    {
        int done;
        lock (_gate)
        {
            if (IsFinal || _results[index] is not null)
            {
                return false;
            }

            _results[index] = result;
            done = ++ImagesDone;
        }

        Append("image-done", new JsonObject { ["index"] = index, ["images_done"] = done, ["mse"] = JobJson.Number(result.Mse), ["psnr"] = JobJson.Number(result.Psnr) });
        return true;
    }

    /// <summary>Ends the job with <paramref name="status"/> unless it has already ended; true when this call ended it.</summary>
    public bool End(JobStatus status, DateTimeOffset now, string? error = null)
    {
        lock (_gate)
        {
            if (IsFinal)
            {
                return false;
            }

            Status = status;
            Finished = now;
            Error = error;
        }

        Append("completed", new JsonObject { ["status"] = JobJson.StatusName(status), ["images_done"] = ImagesDone });
        _finished.TrySetResult();
        return true;
    }

    public JsonObject Progress()
    {
        lock (_gate)
        {
            return new JsonObject { ["images_done"] = ImagesDone, ["images"] = _results.Length, ["step"] = Step, ["loss"] = JobJson.Number(Loss) };
        }
    }

    /// <summary>The events after <paramref name="afterId"/>, and a task that completes when another is appended.</summary>
    public (IReadOnlyList<JobEvent> Events, Task Changed) EventsAfter(long afterId)
    {
        lock (_gate)
        {
            var events = _events.Where(e => e.Id > afterId).ToArray();
            return (events, _changed.Task);
        }
    }

    private void Append(string type, JsonObject data)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            data["id"] = Id;
            _events.Add(new JobEvent(_events.Count + 1, type, data.ToJsonString()));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
