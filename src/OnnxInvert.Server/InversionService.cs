using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Server.Jobs;
using OnnxInvert.Server.Scheduling;

namespace OnnxInvert.Server;

/// <summary>
/// The running service: one <see cref="ModelScheduler"/> per model, the job store, the metrics, and whether it is
/// draining. <see cref="Start"/> opens and warms every model and resumes the jobs left in the state folder.
/// </summary>
internal sealed class InversionService : IDisposable
{
    private readonly Dictionary<string, ModelScheduler> _models = new(StringComparer.Ordinal);
    private volatile bool _draining;
    private int _drained;

    public InversionService(InversionServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new JobStore(options.StateDirectory, options.Notice ?? (_ => { }));
    }

    public InversionServiceOptions Options { get; }

    public JobStore Store { get; }

    public ServiceMetrics Metrics { get; } = new();

    public IEnumerable<ModelScheduler> Models => _models.Values;

    /// <summary>Whether shutdown has begun (readiness is 503 and new jobs are refused).</summary>
    public bool Draining => _draining;

    public IRequestOptionsParser Parser => Options.OptionsParser!;

    public ModelScheduler? Model(string name) => _models.GetValueOrDefault(name);

    /// <summary>Opens and warms every model, then queues again the unfinished jobs of the state folder.</summary>
    public void Start()
    {
        var notice = Options.Notice ?? (_ => { });
        foreach (var served in Options.Models)
        {
            var generator = Generator.Open(served.Path, new GeneratorOptions { Session = Options.Session, Notice = notice, Latents = served.Latents.Count > 0 ? served.Latents : null });
            var scheduler = new ModelScheduler(served.Name, generator, Options.MaxBatch, Options.MaxQueue, Store, Metrics);
            _models[served.Name] = scheduler;
            scheduler.Start(Parser.Parse(new Dictionary<string, string>(), Options.MaxBatch), notice);
            notice($"serve: model {served.Name}: {served.Path}, latent(s) {string.Join(", ", generator.Latents.Select(l => $"{l.Name} [{string.Join(",", l.Shape)}]"))}, image [{string.Join(",", generator.ImageShape)}], {Options.MaxBatch} slots{(scheduler.SamplesIndependent ? string.Empty : ", samples coupled: one job at a time")}");
        }

        var resumed = Store.Load(Rebuild, name => Model(name)?.Generator, notice);
        int pending = 0;
        foreach (var job in resumed.Where(j => !j.IsFinal))
        {
            _models[job.Model].Enqueue(job, force: true);
            pending++;
        }

        if (resumed.Count > 0)
        {
            notice($"serve: state: {resumed.Count} jobs read back, {pending} of them continue");
        }
    }

    /// <summary>
    /// Makes a job for <paramref name="request"/>; the options are parsed with the service's parser and its condition
    /// values resolved against the model (batched ones become the images' own rows, so other labels share the batch).
    /// </summary>
    /// <exception cref="RequestOptionsException">The options are invalid.</exception>
    /// <exception cref="ArgumentException">A condition value does not fit the model, or a condition input is not given.</exception>
    public ServiceJob CreateJob(string id, string model, JobRequest request, DateTimeOffset created)
    {
        var options = Parser.Parse(request.Options, Options.MaxBatch);
        var conditions = JobConditions.Of(_models[model].Generator, options);
        return new ServiceJob(id, model, request, options, created, conditions);
    }

    /// <summary>Readiness goes 503; the schedulers finish their running batches within the drain timeout.</summary>
    public void Drain()
    {
        if (Interlocked.Exchange(ref _drained, 1) != 0)
        {
            return;
        }

        _draining = true;
        string rest = Options.StateDirectory is null ? "queued and unfinished jobs are lost (no --state-dir)" : "queued and unfinished jobs stay in the state folder";
        (Options.Notice ?? (_ => { }))($"serve: draining: running batches get {Options.DrainTimeout.TotalSeconds:G3} s; {rest}");
        Parallel.ForEach(_models.Values, m => m.Drain(Options.DrainTimeout));
    }

    public void BeginDrain() => _draining = true;

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }

        // The state writes still posted finish before the generators (whose shapes they read) go.
        Store.Dispose();
        foreach (var model in _models.Values)
        {
            model.Generator.Dispose();
        }
    }

    private ServiceJob? Rebuild(string id, string model, JobRequest request, DateTimeOffset created) =>
        _models.ContainsKey(model) ? CreateJob(id, model, request, created) : null;
}
