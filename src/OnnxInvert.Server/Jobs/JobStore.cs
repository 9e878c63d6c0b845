using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// Every job the service knows, by id, with its idempotency keys; and, with a state folder, their files:
/// <c>jobs/{id}/job.json</c> and <c>targets.npy</c> written before a job is accepted, <c>results/{index}.json</c> as
/// images finish, <c>status.json</c> when it ends. Paths are built only from ids the service made (32 hex digits)
/// and image indices it checked, so no request text reaches the file system.
/// </summary>
internal sealed class JobStore
{
    private readonly ConcurrentDictionary<string, ServiceJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly string? _root;

    public JobStore(string? stateDirectory)
    {
        if (stateDirectory is not null)
        {
            _root = Path.Combine(Path.GetFullPath(stateDirectory), "jobs");
            Directory.CreateDirectory(_root);
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
            Directory.CreateDirectory(Path.Combine(folder, "results"));
            var request = job.Request;
            StateFile.Write(Path.Combine(folder, "targets.npy"), s => NpyFile.Write(s, NpyArray.Create<float>(request.Images, request.Count, request.ImageLength)));
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
            WriteJson(Path.Combine(folder, "job.json"), meta);
        }

        _jobs[job.Id] = job;
        return job;
    }

    public void SaveResult(ServiceJob job, int index, InversionResult result)
    {
        if (_root is null)
        {
            return;
        }

        var json = new JsonObject
        {
            ["index"] = index,
            ["latent"] = Floats(result.Latent),
            ["reconstruction"] = Floats(result.Reconstruction),
            ["loss"] = JobJson.Number(result.Loss),
            ["penalty"] = JobJson.Number(result.Penalty),
            ["mse"] = JobJson.Number(result.Mse),
            ["mae"] = JobJson.Number(result.Mae),
            ["psnr"] = JobJson.Number(result.Psnr),
            ["steps"] = result.Steps,
            ["converged"] = result.Converged,
            ["restart"] = result.Restart,
            ["reinitializations"] = result.Reinitializations,
        };
        WriteJson(Path.Combine(Folder(job.Id), "results", $"{index.ToString(CultureInfo.InvariantCulture)}.json"), json);
    }

    public void SaveFinal(ServiceJob job)
    {
        if (_root is null)
        {
            return;
        }

        WriteJson(Path.Combine(Folder(job.Id), "status.json"), new JsonObject
        {
            ["status"] = JobJson.StatusName(job.Status),
            ["started"] = job.Started?.ToString("O", CultureInfo.InvariantCulture),
            ["finished"] = (job.Finished ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture),
            ["error"] = job.Error,
        });
    }

    /// <summary>
    /// Reads back the jobs in the state folder: <paramref name="create"/> rebuilds each from its request (null to skip a
    /// job whose model is gone); finished jobs come back final, the others with the results they had.
    /// </summary>
    public IReadOnlyList<ServiceJob> Load(Func<string, string, JobRequest, DateTimeOffset, ServiceJob?> create, Action<string> notice)
    {
        if (_root is null)
        {
            return [];
        }

        var loaded = new List<ServiceJob>();
        foreach (string folder in Directory.GetDirectories(_root).Order(StringComparer.Ordinal))
        {
            string id = Path.GetFileName(folder);
            if (!IsId(id) || !File.Exists(Path.Combine(folder, "job.json")))
            {
                continue;
            }

            try
            {
                var job = Read(id, folder, create);
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
            catch (Exception ex) when (ex is IOException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException or NullReferenceException or RequestOptionsException)
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
        // The files go first, so a job that can no longer be found has no files left.
        if (_root is not null && Directory.Exists(Folder(job.Id)))
        {
            Directory.Delete(Folder(job.Id), recursive: true);
        }

        _jobs.TryRemove(job.Id, out _);
        if (job.Request.IdempotencyKey is { } key)
        {
            _keys.TryRemove(KeyValuePair.Create($"{job.Model}\n{key}", job.Id));
        }
    }

    private static ServiceJob? Read(string id, string folder, Func<string, string, JobRequest, DateTimeOffset, ServiceJob?> create)
    {
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "job.json")))!.AsObject();
        var targets = NpyFile.Read(Path.Combine(folder, "targets.npy"));
        var options = meta["options"]!.AsObject().ToDictionary(o => o.Key, o => o.Value!.GetValue<string>(), StringComparer.Ordinal);
        var request = new JobRequest(
            targets.ToSingleArray(),
            meta["images"]!.GetValue<int>(),
            options,
            Enum.Parse<JobPriority>(meta["priority"]!.GetValue<string>()),
            meta["deadline_seconds"]?.GetValue<double>(),
            meta["idempotency_key"]?.GetValue<string>());
        var created = DateTimeOffset.Parse(meta["created"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var job = create(id, meta["model"]!.GetValue<string>(), request, created);
        if (job is null)
        {
            return null;
        }

        foreach (string file in Directory.GetFiles(Path.Combine(folder, "results"), "*.json"))
        {
            var r = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            int index = r["index"]!.GetValue<int>();
            if (index < 0 || index >= request.Count)
            {
                continue;
            }

            job.Restore(index, new InversionResult
            {
                Index = index,
                Source = $"{id}/{index}",
                Latent = r["latent"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray(),
                Reconstruction = r["reconstruction"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray(),
                Loss = Single(r["loss"]),
                Penalty = Single(r["penalty"]),
                Mse = Double(r["mse"]),
                Mae = Double(r["mae"]),
                Psnr = Double(r["psnr"]),
                Steps = r["steps"]!.GetValue<int>(),
                Converged = r["converged"]!.GetValue<bool>(),
                Restart = r["restart"]!.GetValue<int>(),
                Reinitializations = r["reinitializations"]!.GetValue<int>(),
            });
        }

        string status = Path.Combine(folder, "status.json");
        if (File.Exists(status))
        {
            var s = JsonNode.Parse(File.ReadAllText(status))!.AsObject();
            job.RestoreFinal(
                Enum.Parse<JobStatus>(s["status"]!.GetValue<string>(), ignoreCase: true),
                s["started"] is { } started ? DateTimeOffset.Parse(started.GetValue<string>(), CultureInfo.InvariantCulture) : null,
                DateTimeOffset.Parse(s["finished"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                s["error"]?.GetValue<string>());
        }

        return job;
    }

    private static JsonArray Floats(float[] values) => new(values.Select(v => (JsonNode?)(float.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray());

    // Non-finite numbers are written as null (JSON has no NaN) and read back as NaN.
    private static float Single(JsonNode? node) => node is null ? float.NaN : node.GetValue<float>();

    private static double Double(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();

    private static void WriteJson(string path, JsonObject json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        StateFile.Write(path, s => s.Write(bytes));
    }

    private string Folder(string id) => Path.Combine(_root!, id);
}
