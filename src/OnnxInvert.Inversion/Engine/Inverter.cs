using System.Globalization;
using System.Runtime.CompilerServices;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Inverts a generator: finds z with G(z) ≈ x for each target x by gradient descent on z (Creswell &amp; Bharath,
/// Algorithm 1), many targets at a time. The fused objective graph (loss and ∂loss/∂z in one runtime call) is built
/// once and run in one session over buffers allocated up front.
/// </summary>
public sealed class Inverter : IDisposable
{
    private readonly InversionOptions _options;
    private readonly OrtSession _session;
    private readonly ObjectiveBuffers _buffers;
    private readonly FeatureTargetExtractor? _features;
    private readonly IReadOnlyList<LatentPlan> _plans;
    private readonly IReadOnlyList<ConditionRows> _conditions;
    private readonly PixelRange _range;
    private int _running;

    private Inverter(InversionOptions options, OrtSession session, ObjectiveBuffers buffers, FeatureTargetExtractor? features, IReadOnlyList<LatentPlan> plans, IReadOnlyList<ConditionRows> conditions, PixelRange range, long[] imageShape, IReadOnlyList<CouplingNode> coupling)
    {
        _options = options;
        _session = session;
        _buffers = buffers;
        _features = features;
        _plans = plans;
        _conditions = conditions;
        _range = range;
        ImageShape = imageShape;
        Coupling = coupling;
        Latents = [.. plans.Select(p => p.Latent)];
    }

    /// <summary>Every latent optimised, in the generator's order, each with the prior it is drawn from and constrained by.</summary>
    public IReadOnlyList<GeneratorLatent> Latents { get; }

    /// <summary>The first latent's shape per sample (without the batch axis).</summary>
    public long[] LatentShape => [.. Latents[0].Shape];

    /// <summary>The first latent's values per sample.</summary>
    public int LatentSize => Latents[0].Size;

    /// <summary>The image shape per sample (without the batch axis), e.g. [C, H, W].</summary>
    public long[] ImageShape { get; }

    /// <summary>Image values per sample.</summary>
    public int ImageLength => _buffers.ImageLength;

    /// <summary>The prior the first latent is drawn from and constrained by.</summary>
    public Prior Prior => Latents[0].Prior;

    /// <summary>The generator's nodes that mix the samples of a batch (empty when samples are independent).</summary>
    public IReadOnlyList<CouplingNode> Coupling { get; }

    /// <summary>
    /// Whether samples are independent. Then finished samples are replaced by the next images at once (continuous
    /// batching); otherwise (batch-statistics BatchNorm, or moment matching over the batch) each batch runs as a unit.
    /// </summary>
    public bool SamplesIndependent => Coupling.Count == 0 && !_plans.Any(p => p.Constraint.CouplesSamples);

    /// <summary>How the prior constrains the latents, in words ("name: constraint; ..." with several latents).</summary>
    public string Constraint => _plans.Count == 1
        ? _plans[0].Constraint.ToString()
        : string.Join("; ", _plans.Select(p => $"{p.Latent.Name}: {p.Constraint}"));

    /// <summary>Where each latent starts, by name.</summary>
    public IReadOnlyDictionary<string, Starts.LatentStart> Starts => _plans.ToDictionary(p => p.Latent.Name, p => p.Start, StringComparer.Ordinal);

    /// <summary>The options the inverter was built with.</summary>
    public InversionOptions Options => _options;

    /// <summary>The objective's buffers (for tests of the device-resident path).</summary>
    internal ObjectiveBuffers Buffers => _buffers;

    /// <summary>
    /// Builds the objective of <paramref name="generator"/> and its session. Condition inputs named in
    /// <paramref name="perTargetConditions"/> may have no value of their own: each target brings its row (a CSV
    /// manifest's columns), and a target without one is refused when it is taken.
    /// </summary>
    /// <exception cref="ArgumentException">The prior handling does not fit a prior, the optimiser settings conflict,
    /// the options name latents or inputs the generator lacks, a fixed input has no value or one that does not fit it,
    /// the encoder is missing or does not fit the generator's shapes, or the pixel weights do not fit the image.</exception>
    /// <exception cref="Autodiff.GradientBuildException">The generator cannot be differentiated.</exception>
    public static Inverter Create(Generator generator, InversionOptions? options = null, IReadOnlyCollection<string>? perTargetConditions = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new InversionOptions();
        options.Optimizer.Validate();
        if (options.StallRestarts == InversionOptions.UntilBudget && options.TimeBudget is null)
        {
            throw new ArgumentException("stall restarts until the budget need a time budget (InversionOptions.TimeBudget)", nameof(options));
        }

        var plans = LatentPlan.Resolve(generator, options);
        var conditions = generator.ResolveConditions(options.Conditions, perTargetConditions);
        var progress = BuildNotes(generator, options.Session.Notice);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"probing shapes ({generator.Model.Graph.Node.Count:N0} nodes)"));
        var shapes = ShapeProbe.Run(generator.Model);
        var coupling = BatchCoupling.Detect(generator.Model, shapes);
        var graph = ObjectiveGraphBuilder.Build(generator.Model, shapes, new ObjectiveSpec
        {
            Latents = [.. plans.Select(p => p.Latent.Name)],
            ImageOutput = generator.ImageOutput,
            Loss = options.Loss,
            Reduction = options.Reduction,
            PixelWeights = options.PixelWeights is not null,
            IncludeImage = true,
            OutputRange = generator.OutputRange,
            Feature = options.Feature,
        }, progress);
        long[] imageShape = shapes[generator.ImageOutput].Dims.Skip(1).ToArray();
        foreach (var plan in plans)
        {
            plan.Start.Check(plan.Latent, imageShape);
        }

        float[]? weights = PixelWeightLayout.Expand(options.PixelWeights, imageShape);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"creating the runtime session ({graph.Model.Graph.Node.Count:N0} nodes)"));
        var session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(graph.Model), options.Session);
        progress?.Invoke("runtime session ready");
        var buffers = new ObjectiveBuffers(graph, options.BatchSize, [.. plans.Select(p => p.Latent)], imageShape, generator.Inputs, weights, generator.FixedBatch is { } chunk ? (int)chunk : null);
        KeepResident(buffers, session, options);
        var features = graph.FeatureExtractor is { } extractor ? new FeatureTargetExtractor(extractor, buffers, imageShape, options.Session) : null;
        return new Inverter(options, session, buffers, features, plans, conditions, generator.OutputRange, imageShape, coupling);
    }

    /// <summary>
    /// Inverts every target; each image's result is produced as soon as all its restarts have finished (not
    /// necessarily in input order). One inversion at a time per inverter.
    /// </summary>
    /// <param name="targets">The images, in the generator's output layout and range.</param>
    /// <param name="progress">Receives a snapshot after every batch iteration, or null.</param>
    /// <param name="cancellationToken">Stops the loop between iterations.</param>
    /// <exception cref="ArgumentException">The targets do not match the generator's image size, or starting latents
    /// or per-image condition rows do not match the targets.</exception>
    public async IAsyncEnumerable<InversionResult> InvertAsync(
        InversionTargets targets,
        IProgress<InversionProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(CheckTargets(targets));
        await Task.Yield();
        while (!run.IsDone)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.Step();
            progress?.Report(run.Progress);
            while (run.Completed.TryDequeue(out var result))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Inverts every target on the calling thread, like <see cref="InvertAsync"/> (results as each image finishes;
    /// cancellation between iterations; the run starts when enumeration does).
    /// </summary>
    /// <exception cref="ArgumentException">The targets do not match the generator's image size, or initial latents are missing.</exception>
    public IEnumerable<InversionResult> Invert(InversionTargets targets, IProgress<InversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var run = Start(CheckTargets(targets));
        while (!run.IsDone)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.Step();
            progress?.Report(run.Progress);
            while (run.Completed.TryDequeue(out var result))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Starts an inversion that takes its targets from <paramref name="feed"/> as slots free, for a driver that steps
    /// it (a service sharing the batch across requests); <see cref="Invert"/> and <see cref="InvertAsync"/> drive the
    /// same handle. Each target's result depends only on it and its index (seeds), not on its batch mates or when it
    /// was taken. One inversion at a time per inverter: dispose the handle to start another.
    /// </summary>
    /// <exception cref="ArgumentException">A start or per-image condition values set up front do not fit the feed's
    /// targets (a fixed set is checked whole now; other feeds as each target is taken).</exception>
    /// <exception cref="InvalidOperationException">An inversion is already running on this inverter.</exception>
    public ActiveInversion Start(ITargetFeed feed)
    {
        var run = BeginRun(feed);
        return new ActiveInversion(run, EndRun);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _features?.Dispose();
        _buffers.Dispose();
        _session.Dispose();
    }

    /// <summary>Checks a fixed set of targets against the generator and gives its feed.</summary>
    private ITargetFeed CheckTargets(InversionTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count > 0 && targets.ImageLength != ImageLength)
        {
            throw new ArgumentException($"the targets have {targets.ImageLength} values per image; the generator produces [{string.Join(", ", ImageShape)}] = {ImageLength}", nameof(targets));
        }

        return targets.ToFeed();
    }

    /// <summary>Starts a run over a fixed set of targets (internal so tests can drive <see cref="InversionRun.Step"/> directly).</summary>
    internal InversionRun BeginRun(InversionTargets targets, Checkpoints.InFlightCheckpoint? resume = null) => BeginRun(CheckTargets(targets), resume);

    /// <summary>
    /// Starts a run that first continues the images in flight of <paramref name="resume"/> from the step they reached;
    /// <paramref name="feed"/> must deliver those images first, in the checkpoint's order, then the others.
    /// </summary>
    internal ActiveInversion StartResumed(ITargetFeed feed, Checkpoints.InFlightCheckpoint? resume) => new(BeginRun(feed, resume), EndRun);

    /// <summary>Checks what can be checked up front and starts a run over <paramref name="feed"/>.</summary>
    internal InversionRun BeginRun(ITargetFeed feed, Checkpoints.InFlightCheckpoint? resume = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ObjectDisposedException.ThrowIf(_session.IsDisposed, this);
        if (feed is TargetsFeed { Targets: var targets })
        {
            foreach (var condition in _conditions)
            {
                condition.CheckCount(targets.Count);
            }
        }

        var latents = new RunLatent[_plans.Count];
        for (int i = 0; i < _plans.Count; i++)
        {
            var start = _plans[i].Start.Begin(feed, _plans[i].Latent, ImageShape);
            latents[i] = new RunLatent(_buffers.Latents[i], _plans[i], _options.Optimizer, _buffers.Capacity, start);
        }

        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("this inverter is already running an inversion");
        }

        try
        {
            return new InversionRun(_options, _buffers, _features, _session, latents, _conditions, _range, !SamplesIndependent, feed, ImageShape, resume);
        }
        catch
        {
            EndRun();
            throw;
        }
    }

    /// <summary>Marks a run started with <see cref="BeginRun(ITargetFeed, Checkpoints.InFlightCheckpoint?)"/> as over.</summary>
    internal void EndRun() => Volatile.Write(ref _running, 0);

    /// <summary>Moves the objective's per-slot inputs and image output into the session's memory when <see cref="InversionOptions.DeviceResident"/> asks (by default on every provider but the CPU).</summary>
    private static void KeepResident(ObjectiveBuffers buffers, OrtSession session, InversionOptions options)
    {
        bool resident = options.DeviceResident switch
        {
            DeviceResidency.On => true,
            DeviceResidency.Off => false,
            _ => session.Provider != ExecutionProvider.Cpu,
        };
        if (!resident)
        {
            return;
        }

        try
        {
            buffers.MakeResident(session, imagesEveryStep: options.TargetMse > 0);
        }
        catch
        {
            buffers.Dispose();
            session.Dispose();
            throw;
        }
    }

    /// <summary>Build progress for <paramref name="notice"/> on a large generator (builds of small ones are quick and stay quiet); else null.</summary>
    private static Action<string>? BuildNotes(Generator generator, Action<string>? notice) =>
        notice is null || generator.Model.Graph.Node.Count < Autodiff.BuildProgress.LargeGraphNodes ? null : note => notice($"building the gradient graph: {note}");
}
