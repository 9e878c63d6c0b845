using System.Globalization;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// Each job's folder under the state folder as a job-layer <see cref="RunFolder"/> (the resume state <c>invert
/// --resume</c> reads: state.json, latents.npy, latents/NAME.npy, reconstructions.npy, metrics.csv, index.csv, a PNG
/// per image), besides the service's own job.json, targets.npy, cut_short.json (images cut short at the deadline)
/// and, once the job ended, status.json. Writes happen on one background thread, so the scheduler's loop never waits
/// for the disk: results that arrive together are added and flushed once. A kill -9 loses at most the results not yet
/// flushed, which a restart inverts again.
/// </summary>
internal sealed class JobFolders : IDisposable
{
    /// <summary>The service's status file, written when a job ends (its absence means the job continues after a restart).</summary>
    public const string StatusFile = "status.json";

    /// <summary>
    /// The indices of the job's images whose result was cut short at its deadline (best so far), as a JSON array;
    /// written with such a result, since the run folder's rows do not say it.
    /// </summary>
    public const string CutShortFile = "cut_short.json";

    private readonly object _gate = new();
    private readonly Queue<Work> _work = new();
    private readonly Dictionary<string, RunFolder> _open = new(StringComparer.Ordinal);
    private readonly Action<string> _notice;
    private readonly Thread _thread;
    private bool _stopping;
    private int _busy;

    public JobFolders(Action<string> notice)
    {
        _notice = notice;
        _thread = new Thread(Loop) { IsBackground = true, Name = "state folder writer" };
        _thread.Start();
    }

    private enum Kind
    {
        Result,
        Final,
        Delete,
    }

    /// <summary>
    /// Opens the run folder of <paramref name="job"/> at <paramref name="path"/> and reads back the images an earlier
    /// process finished; the folder stays open (locked) while the job is not final.
    /// </summary>
    /// <exception cref="RunFolderException">The folder is held by a live process or holds another job's state.</exception>
    public IReadOnlyList<InversionResult> Resume(ServiceJob job, string path, Generator generator)
    {
        var folder = Open(job, path, generator);
        var results = new List<InversionResult>();
        try
        {
            if (folder.Rows.Any())
            {
                var latents = NpyFile.Read(Path.Combine(path, RunFolder.LatentsFile)).ToSingleArray();
                var reconstructions = NpyFile.Read(Path.Combine(path, RunFolder.ReconstructionsFile)).ToSingleArray();
                var several = generator.Latents.Count > 1
                    ? generator.Latents.ToDictionary(l => l.Name, l => NpyFile.Read(Path.Combine(path, RunFolder.LatentsFolder, RunFolder.LatentFileName(l.Name))).ToSingleArray(), StringComparer.Ordinal)
                    : null;
                int size = generator.LatentSize;
                int length = job.Request.ImageLength;
                var cutShort = ReadCutShort(path);
                foreach (var row in folder.Rows)
                {
                    float[] latent = latents.AsSpan(row.Index * size, size).ToArray();
                    results.Add(new InversionResult
                    {
                        Index = row.Index,
                        Source = row.Source,
                        Latent = latent,
                        Latents = several?.ToDictionary(p => p.Key, p => Row(p.Value, row.Index, generator.FindLatent(p.Key)!.Size), StringComparer.Ordinal)
                            ?? new Dictionary<string, float[]>(StringComparer.Ordinal) { [generator.LatentInput] = latent },
                        Reconstruction = reconstructions.AsSpan(row.Index * length, length).ToArray(),
                        Loss = (float)row.Loss,
                        Penalty = (float)row.Penalty,
                        Mse = row.Mse,
                        Mae = row.Mae,
                        Psnr = row.Psnr,
                        Steps = row.Steps,
                        Converged = row.Converged,
                        Restart = row.Restart,
                        Reinitializations = row.Reinitializations,
                        ReachedTarget = row.ReachedTarget,
                        TotalSteps = row.TotalSteps,
                        Seconds = row.Seconds,
                        CutShort = cutShort.Contains(row.Index),
                    });
                }
            }
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        lock (_gate)
        {
            _open[job.Id] = folder;
        }

        return results;
    }

    /// <summary>Closes a folder <see cref="Resume"/> opened for a job that came back final.</summary>
    public void Close(ServiceJob job)
    {
        lock (_gate)
        {
            if (_open.Remove(job.Id, out var folder))
            {
                folder.Dispose();
            }
        }
    }

    /// <summary>Adds an image's result to the job's run folder (flushed with the others that arrived with it).</summary>
    public void SaveResult(ServiceJob job, string path, Generator generator, InversionResult result) => Post(new Work(Kind.Result, job, path, generator, result));

    /// <summary>Flushes the job's run folder, writes its pairs and status.json, and closes it.</summary>
    public void SaveFinal(ServiceJob job, string path, Generator generator) => Post(new Work(Kind.Final, job, path, generator, null));

    /// <summary>Closes the job's folder and deletes it.</summary>
    public void Delete(ServiceJob job, string path) => Post(new Work(Kind.Delete, job, path, null, null));

    /// <summary>Waits (at most <paramref name="timeout"/>) until every posted write is done; true when it is.</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            lock (_gate)
            {
                if (_work.Count == 0 && _busy == 0)
                {
                    return true;
                }
            }

            Thread.Sleep(10);
        }

        return false;
    }

    /// <summary>Finishes the posted writes (at most 30 s), then closes every folder.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join(TimeSpan.FromSeconds(30));
        lock (_gate)
        {
            foreach (var folder in _open.Values)
            {
                folder.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>The text that must match for a restart to take up a folder: the model file, the images and the engine options.</summary>
    private static string Fingerprint(ServiceJob job, Generator generator) => string.Join(
        "|",
        Path.GetFullPath(generator.Path),
        new FileInfo(generator.Path).Length.ToString(CultureInfo.InvariantCulture),
        job.Request.Count.ToString(CultureInfo.InvariantCulture),
        string.Join(",", generator.Latents.Select(l => $"{l.Name}[{string.Join(",", l.Shape)}]")),
        OptionsFingerprint.Of(job.Options));

    /// <summary>The images of the job in <paramref name="path"/> cut short at its deadline (none when the file is absent).</summary>
    private static HashSet<int> ReadCutShort(string path)
    {
        string file = Path.Combine(path, CutShortFile);
        return File.Exists(file)
            ? [.. JsonNode.Parse(File.ReadAllText(file))!.AsArray().Select(i => i!.GetValue<int>())]
            : [];
    }

    private static void AddCutShort(string path, int index)
    {
        var indices = ReadCutShort(path);
        indices.Add(index);
        AtomicFile.WriteText(Path.Combine(path, CutShortFile), new JsonArray([.. indices.Order().Select(i => (JsonNode?)i)]).ToJsonString());
    }

    private static float[] Row(float[] values, int index, int size) => values.AsSpan(index * size, size).ToArray();

    private RunFolder Open(ServiceJob job, string path, Generator generator)
    {
        var folder = RunFolder.Open(path, new RunFolderOptions { Resume = true, Overwrite = true, Notice = _notice });
        try
        {
            folder.Begin(
                new JobTargets(Path.Combine(path, JobStore.TargetsFile), job.Id, job.Request),
                [.. generator.LatentShape.Select(d => (int)d)],
                [.. generator.ImageShape.Select(d => (int)d)],
                generator.OutputRange,
                Fingerprint(job, generator),
                int.MaxValue,
                [.. generator.Latents.Select(l => (l.Name, l.Shape.Select(d => (int)d).ToArray()))]);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private void Post(Work work)
    {
        lock (_gate)
        {
            _work.Enqueue(work);
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            Work[] batch;
            lock (_gate)
            {
                while (_work.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_work.Count == 0)
                {
                    return;
                }

                batch = [.. _work];
                _work.Clear();
                _busy = 1;
            }

            try
            {
                Write(batch);
            }
            finally
            {
                lock (_gate)
                {
                    _busy = 0;
                }
            }
        }
    }

    private void Write(Work[] batch)
    {
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var work in batch)
        {
            try
            {
                switch (work.Kind)
                {
                    case Kind.Result:
                        Folder(work).Add(work.Result!);
                        dirty.Add(work.Job.Id);
                        if (work.Result!.CutShort)
                        {
                            AddCutShort(work.Path, work.Result.Index);
                        }

                        break;
                    case Kind.Final:
                        Finish(work);
                        dirty.Remove(work.Job.Id);
                        break;
                    case Kind.Delete:
                        Close(work.Job);
                        dirty.Remove(work.Job.Id);
                        if (Directory.Exists(work.Path))
                        {
                            Directory.Delete(work.Path, recursive: true);
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or RunFolderException or InvalidOperationException or System.Text.Json.JsonException)
            {
                _notice($"state: job {work.Job.Id}: {ex.Message}");
            }
        }

        foreach (string id in dirty)
        {
            RunFolder? folder;
            lock (_gate)
            {
                folder = _open.GetValueOrDefault(id);
            }

            try
            {
                folder?.Flush();
            }
            catch (IOException ex)
            {
                _notice($"state: job {id}: {ex.Message}");
            }
        }
    }

    private void Finish(Work work)
    {
        var folder = Folder(work);
        var job = work.Job;
        folder.WritePairs();
        folder.Flush();
        var status = new JsonObject
        {
            ["status"] = JobJson.StatusName(job.Status),
            ["started"] = job.Started?.ToString("O", CultureInfo.InvariantCulture),
            ["finished"] = (job.Finished ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture),
            ["error"] = job.Error,
        };
        AtomicFile.WriteText(Path.Combine(work.Path, StatusFile), status.ToJsonString());
        Close(job);
    }

    /// <summary>The job's open folder, opened (and laid out) on its first write.</summary>
    private RunFolder Folder(Work work)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(work.Job.Id, out var open))
            {
                return open;
            }
        }

        var folder = Open(work.Job, work.Path, work.Generator!);
        lock (_gate)
        {
            _open[work.Job.Id] = folder;
        }

        return folder;
    }

    private sealed record Work(Kind Kind, ServiceJob Job, string Path, Generator? Generator, InversionResult? Result);
}
