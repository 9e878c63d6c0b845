using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// Every job the service knows, by id, with its idempotency keys; and, with a state folder, their files:
/// <c>jobs/{id}/job.json</c> and <c>targets.npy</c> written before a job is accepted, then the job layer's run folder
/// in the same folder as images finish (<see cref="JobFolders"/>), and <c>status.json</c> when it ends. Paths are built only from ids the service made (32 hex digits)
/// and image indices it checked, so no request text reaches the file system.
/// </summary>
internal sealed class JobStore : IDisposable
{
    /// <summary>What the client sent, less the images: model, options, priority, deadline, idempotency key.</summary>
    public const string RequestFile = "job.json";

    /// <summary>The job's images [N, C, H, W] in the generator's output range.</summary>
    public const string TargetsFile = "targets.npy";

    private readonly ConcurrentDictionary<string, ServiceJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly string? _root;
    private readonly JobFolders? _folders;

    public JobStore(string? stateDirectory, Action<string> notice)
    {
        if (stateDirectory is not null)
        {
            _root = Path.Combine(Path.GetFullPath(stateDirectory), "jobs");
            Directory.CreateDirectory(_root);
            _folders = new JobFolders(notice);
        }
    }

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static bool IsId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    public ServiceJob? Find(string id) => IsId(id) && _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>The job an idempotency key already names for this model, if any.</summary>
    public ServiceJob? ForKey(string model, string key) => _keys.TryGetValue($"{model}\n{key}", out var id) ? Find(id) : null;

    public IEnumerable<ServiceJob> All => _jobs.Values;

    /// <summary>Keeps and (with a state folder) writes the job; returns the job already holding its idempotency key instead, if one does.</summary>
    public ServiceJob Add(ServiceJob job)
    {
        if (job.Request.IdempotencyKey is { } key)
        {
            string id = _keys.GetOrAdd($"{job.Model}\n{key}", job.Id);
            if (id != job.Id && Find(id) is { } existing)
            {
                return existing;
            }
        }

        if (_root is not null)
        {
            string folder = Folder(job.Id);
            Directory.CreateDirectory(folder);
            var request = job.Request;
            AtomicFile.Write(Path.Combine(folder, TargetsFile), s => NpyFile.Write(s, NpyArray.Create<float>(request.Images, request.Count, request.ImageLength)));
            var meta = new JsonObject
            {
                ["id"] = job.Id,
                ["model"] = job.Model,
                ["created"] = job.Created.ToString("O", CultureInfo.InvariantCulture),
                ["priority"] = request.Priority.ToString(),
                ["deadline_seconds"] = request.DeadlineSeconds,
                ["idempotency_key"] = request.IdempotencyKey,
                ["images"] = request.Count,
                ["options"] = new JsonObject(request.Options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            };
            WriteJson(Path.Combine(folder, RequestFile), meta);
        }

        _jobs[job.Id] = job;
        return job;
    }

    /// <summary>Adds an image's result to the job's run folder (written in the background).</summary>
    public void SaveResult(ServiceJob job, Generator generator, InversionResult result) => _folders?.SaveResult(job, Folder(job.Id), generator, result);

    /// <summary>Closes the job's run folder with its final status (written in the background).</summary>
    public void SaveFinal(ServiceJob job, Generator generator) => _folders?.SaveFinal(job, Folder(job.Id), generator);

    /// <summary>Waits (at most <paramref name="timeout"/>) for the state writes posted so far; true when they are done.</summary>
    public bool WaitWritten(TimeSpan timeout) => _folders?.WaitIdle(timeout) ?? true;

    /// <summary>
    /// Reads back the jobs in the state folder: <paramref name="create"/> rebuilds each from its request (null to skip a
    /// job whose model is gone); finished jobs come back final, the others with the results their run folder holds.
    /// </summary>
    public IReadOnlyList<ServiceJob> Load(Func<string, string, JobRequest, DateTimeOffset, ServiceJob?> create, Func<string, Generator?> generators, Action<string> notice)
    {
        if (_root is null)
        {
            return [];
        }

        var loaded = new List<ServiceJob>();
        foreach (string folder in Directory.GetDirectories(_root).Order(StringComparer.Ordinal))
        {
            string id = Path.GetFileName(folder);
            if (!IsId(id) || !File.Exists(Path.Combine(folder, RequestFile)))
            {
                continue;
            }

            try
            {
                var job = Read(id, folder, create, generators);
                if (job is null)
                {
                    continue;
                }

                _jobs[id] = job;
                if (job.Request.IdempotencyKey is { } key)
                {
                    _keys[$"{job.Model}\n{key}"] = id;
                }

                loaded.Add(job);
            }
            catch (Exception ex) when (ex is IOException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException or NullReferenceException or RequestOptionsException or RunFolderException or ArgumentException)
            {
                notice($"state: skipping job {id}: {ex.Message}");
            }
        }

        return loaded.OrderBy(j => j.Created).ToArray();
    }

    /// <summary>Forgets and deletes the jobs that ended more than <paramref name="retention"/> ago.</summary>
    public int Expire(TimeSpan retention, DateTimeOffset now)
    {
        int removed = 0;
        foreach (var job in _jobs.Values.Where(j => j.IsFinal && j.Finished is { } f && now - f > retention).ToArray())
        {
            Forget(job);
            removed++;
        }

        return removed;
    }

    /// <summary>Forgets a job and deletes its files (expired, or refused after it was written).</summary>
    public void Forget(ServiceJob job)
    {
        _jobs.TryRemove(job.Id, out _);
        _folders?.Delete(job, Folder(job.Id));
        if (job.Request.IdempotencyKey is { } key)
        {
            _keys.TryRemove(KeyValuePair.Create($"{job.Model}\n{key}", job.Id));
        }
    }

    private ServiceJob? Read(string id, string folder, Func<string, string, JobRequest, DateTimeOffset, ServiceJob?> create, Func<string, Generator?> generators)
    {
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RequestFile)))!.AsObject();
        var targets = NpyFile.Read(Path.Combine(folder, TargetsFile));
        var options = meta["options"]!.AsObject().ToDictionary(o => o.Key, o => o.Value!.GetValue<string>(), StringComparer.Ordinal);
        var request = new JobRequest(
            targets.ToSingleArray(),
            meta["images"]!.GetValue<int>(),
            options,
            Enum.Parse<JobPriority>(meta["priority"]!.GetValue<string>()),
            meta["deadline_seconds"]?.GetValue<double>(),
            meta["idempotency_key"]?.GetValue<string>());
        var created = DateTimeOffset.Parse(meta["created"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        string model = meta["model"]!.GetValue<string>();
        if (generators(model) is not { } generator || create(id, model, request, created) is not { } job)
        {
            return null;
        }

        foreach (var result in _folders!.Resume(job, folder, generator))
        {
            job.Restore(result.Index, result);
        }

        string status = Path.Combine(folder, JobFolders.StatusFile);
        if (File.Exists(status))
        {
            var s = JsonNode.Parse(File.ReadAllText(status))!.AsObject();
            job.RestoreFinal(
                Enum.Parse<JobStatus>(s["status"]!.GetValue<string>(), ignoreCase: true),
                s["started"] is { } started ? DateTimeOffset.Parse(started.GetValue<string>(), CultureInfo.InvariantCulture) : null,
                DateTimeOffset.Parse(s["finished"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                s["error"]?.GetValue<string>());
            _folders.Close(job);
        }

        return job;
    }

    private static void WriteJson(string path, JsonObject json)
    {
        AtomicFile.WriteText(path, json.ToJsonString());
    }

    /// <summary>Finishes the posted state writes and closes the run folders.</summary>
    public void Dispose() => _folders?.Dispose();

    private string Folder(string id) => Path.Combine(_root!, id);
}
