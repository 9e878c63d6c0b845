using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// One inversion of the targets of a feed: a queue of jobs (image × restart) run through the batch slots, every latent
/// of the generator optimised together. An image is taken from the feed when a slot frees and no restart of an image
/// already taken is waiting; its restarts are served before the next image. With independent samples a finished slot
/// is refilled at once (continuous batching) and the batch shrinks only when nothing is queued; with coupled samples
/// the batch runs as a unit until every slot is done. After the first iterations <see cref="Step"/> allocates nothing
/// except when a job starts or finishes.
/// </summary>
internal sealed partial class InversionRun
{
    private readonly InversionOptions _options;
    private readonly ObjectiveBuffers _buffers;
    private readonly FeatureTargetExtractor? _features;
    private readonly Runtime.OrtSession _session;
    private readonly RunLatent[] _latents;
    private readonly IReadOnlyList<ConditionRows> _conditions;
    private readonly PixelRange _range;
    private readonly bool _coupled;
    private readonly ITargetFeed _feed;
    private readonly long[] _imageShape;
    private readonly long _start;
    private readonly Runtime.HostDeviceTransfers _transfersBefore;

    private readonly SlotState[] _slots;
    private readonly bool[] _active;
    private readonly float[] _rateScales;

    /// <summary>Restarts of images already taken, waiting for a slot, in order.</summary>
    private readonly Queue<(ImageTally Image, int Restart)> _pending = new();

    /// <summary>Stall restarts waiting for a slot (served before <see cref="_pending"/>).</summary>
    private readonly Queue<(ImageTally Image, int Restart)> _retries = new();

    /// <summary>Images taken and not yet done.</summary>
    private readonly List<ImageTally> _live = [];

    /// <summary>Withdrawal requests not yet applied (filled by any thread, applied by <see cref="Step"/>).</summary>
    private readonly List<(Func<FeedTarget, bool> Which, bool KeepBest)> _withdrawals = [];

    private volatile bool _withdrawalsWaiting;
    private bool _faulted;

    /// <summary>Whether <see cref="InversionOptions.TimeBudget"/> has run out (every image stops at its best so far).</summary>
    private bool _budgetSpent;
    private int _size;
    private int _taken;

    public InversionRun(InversionOptions options, ObjectiveBuffers buffers, FeatureTargetExtractor? features, Runtime.OrtSession session, RunLatent[] latents, IReadOnlyList<ConditionRows> conditions, PixelRange range, bool coupled, ITargetFeed feed, long[] imageShape, Checkpoints.InFlightCheckpoint? resume = null)
    {
        _options = options;
        _buffers = buffers;
        _features = features;
        _session = session;
        _latents = latents;
        _conditions = conditions;
        _range = range;
        _coupled = coupled;
        _feed = feed;
        _imageShape = imageShape;
        int capacity = buffers.Capacity;
        _slots = [.. Enumerable.Range(0, capacity).Select(_ => new SlotState())];
        _active = new bool[capacity];
        _rateScales = [.. latents.Select(l => options.RelativeLearningRate ? l.Prior.Scale : 1f)];
        _start = Stopwatch.GetTimestamp();
        _transfersBefore = buffers.Transfers;
        _resume = resume;
    }

    /// <summary>Images whose every restart has finished (or that were withdrawn keeping their best), in completion order, not yet taken.</summary>
    public Queue<InversionResult> Completed { get; } = new();

    /// <summary>Whether the feed is complete and every job has finished.</summary>
    public bool IsDone => IsIdle && _feed.IsComplete;

    /// <summary>Whether no slot is busy and no restart of an image taken is waiting (the run waits for the feed).</summary>
    public bool IsIdle => _size == 0 && !HasQueuedJob;

    /// <summary>Images that reached <see cref="InversionOptions.TargetMse"/> so far.</summary>
    public int ReachedTarget { get; private set; }

    private bool HasQueuedJob => HasLiveJob(_retries) || HasLiveJob(_pending) || _restored.Count > 0 || _resume is not null;

    /// <summary>Samples in the batch now.</summary>
    public int BatchSize => _size;

    public long Iteration { get; private set; }

    public long SampleSteps { get; private set; }

    public int Reinitializations { get; private set; }

    public int CompletedImages { get; private set; }

    public double MeanLoss { get; private set; } = double.NaN;

    /// <summary>Bytes this run has moved between host and session memory (see <see cref="ObjectiveBuffers.Transfers"/>).</summary>
    public Runtime.HostDeviceTransfers Transfers
    {
        get
        {
            var now = _buffers.Transfers;
            return new(now.HostToDeviceBytes - _transfersBefore.HostToDeviceBytes, now.DeviceToHostBytes - _transfersBefore.DeviceToHostBytes);
        }
    }

    /// <summary>Images taken from the feed so far.</summary>
    public int TakenImages => _taken;

    public InversionProgress Progress
    {
        get
        {
            int total = Math.Max(_feed.Count ?? _taken, _taken);
            return new(Iteration, CompletedImages, total, _size, MeanLoss, SampleSteps, (long)total * _options.Restarts * _options.Steps, Reinitializations, Stopwatch.GetElapsedTime(_start))
            {
                Transfers = Transfers,
            };
        }
    }

    /// <summary>Marks the images <paramref name="which"/> picks (in slots or with restarts waiting) to leave at the next step.</summary>
    public void Withdraw(Func<FeedTarget, bool> which, bool keepBest)
    {
        ArgumentNullException.ThrowIfNull(which);
        lock (_withdrawals)
        {
            _withdrawals.Add((which, keepBest));
            _withdrawalsWaiting = true;
        }
    }

    /// <summary>
    /// Applies withdrawals, fills free slots from the queue and the feed, then makes one runtime call and one update
    /// of every sample still being optimised; returns at once when no slot is busy and nothing is ready.
    /// </summary>
    /// <exception cref="ArgumentException">A target taken from the feed does not fit the generator; the run stops.</exception>
    public void Step()
    {
        if (_faulted)
        {
            throw new InvalidOperationException("this inversion stopped after an error; start a new one");
        }

        try
        {
            StepCore();
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private void StepCore()
    {
        if (_withdrawalsWaiting)
        {
            ApplyWithdrawals();
        }

        if (_resume is { } resume)
        {
            _resume = null;
            Restore(resume);
        }

        if (!_budgetSpent && _options.TimeBudget is { } budget && Stopwatch.GetElapsedTime(_start) >= budget)
        {
            SpendBudget();
        }

        if (_coupled)
        {
            if (_size == 0)
            {
                StartUnit();
            }
        }
        else
        {
            while (_size < _buffers.Capacity && TryRestore(_size))
            {
                _size++;
            }

            while (_size < _buffers.Capacity && TryNextJob(out var image, out int restart))
            {
                StartJob(_size++, image, restart);
            }
        }

        if (_size == 0)
        {
            return;
        }

        int size = _size;
        _buffers.Run(_session, size);
        AddPenalties(size);
        Iteration++;

        double sum = 0;
        int counted = 0;
        for (int s = 0; s < size; s++)
        {
            var slot = _slots[s];
            if (slot.Frozen || slot.Image is null)
            {
                continue;
            }

            if (slot.Image.Withdrawn)
            {
                Leave(s);
                continue;
            }

            sum += _buffers.Losses[s];
            counted++;
            Process(s);
        }

        MeanLoss = counted == 0 ? double.NaN : sum / counted;
        if (_coupled)
        {
            if (!AnyRunning(size))
            {
                for (int s = 0; s < size; s++)
                {
                    Record(s);
                }

                _size = 0;
                StartUnit();
            }
        }
        else
        {
            RefillOrCompact();
        }
    }

    private static bool HasLiveJob(Queue<(ImageTally Image, int Restart)> queue)
    {
        foreach (var (image, _) in queue)
        {
            if (!image.Done)
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyWithdrawals()
    {
        (Func<FeedTarget, bool> Which, bool KeepBest)[] requests;
        lock (_withdrawals)
        {
            requests = [.. _withdrawals];
            _withdrawals.Clear();
            _withdrawalsWaiting = false;
        }

        foreach (var image in _live.ToArray())
        {
            foreach (var (which, keepBest) in requests)
            {
                if (!image.Withdrawn && which(image.Target))
                {
                    image.Withdrawn = true;
                    image.KeepBest = keepBest;
                }
            }

            if (image.Withdrawn && image.Running == 0)
            {
                EndWithdrawn(image); // no restart of it is being optimised: it leaves now
            }
        }
    }

    /// <summary>
    /// The time budget has run out: every image taken and unfinished leaves at this step with its best state so far
    /// (cut short), as a withdrawal keeping the best does; images taken later leave with their start.
    /// </summary>
    private void SpendBudget()
    {
        _budgetSpent = true;
        foreach (var image in _live.ToArray())
        {
            if (!image.Withdrawn)
            {
                image.Withdrawn = true;
                image.KeepBest = true;
            }

            if (image.Running == 0)
            {
                EndWithdrawn(image);
            }
        }
    }

    /// <summary>A withdrawn image's slot leaves: its current state (latents, image and loss of this step) counts as an attempt.</summary>
    private void Leave(int s)
    {
        var slot = _slots[s];
        var image = slot.Image!;
        if (image.KeepBest)
        {
            var outcome = Outcome(s, converged: false);
            if (outcome.Beats(image.Best))
            {
                image.Best = outcome;
            }
        }

        image.Steps += slot.Steps;
        image.Reinitializations += slot.Reinitialized;
        image.Running--;
        if (_coupled)
        {
            slot.Frozen = true;
        }
        else
        {
            slot.Vacate();
        }

        if (image.Running == 0)
        {
            EndWithdrawn(image);
        }
    }

    /// <summary>Ends a withdrawn image: its best state so far becomes its result (cut short), or it is dropped.</summary>
    private void EndWithdrawn(ImageTally image)
    {
        if (image.KeepBest)
        {
            for (int s = 0; s < _size; s++)
            {
                if (_slots[s].Frozen && ReferenceEquals(_slots[s].Image, image))
                {
                    var outcome = Outcome(s, _slots[s].Converged); // a finished restart of a coupled unit, not recorded yet
                    if (outcome.Beats(image.Best))
                    {
                        image.Best = outcome;
                    }
                }
            }

            if (image.Best is not null)
            {
                Complete(image, cutShort: true);
                return;
            }
        }

        image.Done = true;
        image.Best = null;
        _live.Remove(image);
    }

    private void AddPenalties(int size)
    {
        for (int s = 0; s < size; s++)
        {
            _active[s] = _slots[s].Occupied;
        }

        foreach (var latent in _latents)
        {
            int d = latent.Buffer.Size;
            latent.Constraint.AddPenalty(latent.Buffer.Values.AsSpan(0, size * d), latent.Buffer.Gradients.AsSpan(0, size * d), _active.AsSpan(0, size), d, latent.Penalties.AsSpan(0, size));
        }

        for (int s = 0; s < size; s++)
        {
            float penalty = 0;
            foreach (var latent in _latents)
            {
                penalty += latent.Penalties[s];
            }

            _slots[s].Penalty = penalty;
        }
    }

    private bool AnyRunning(int size)
    {
        for (int s = 0; s < size; s++)
        {
            if (!_slots[s].Frozen)
            {
                return true;
            }
        }

        return false;
    }

    private void Process(int s)
    {
        var slot = _slots[s];
        float loss = _buffers.Losses[s];
        if (!float.IsFinite(loss) || !float.IsFinite(slot.Penalty) || !GradientsFinite(s))
        {
            if (slot.Reinitialized < _options.MaxReinitializations)
            {
                Reinitialize(s);
                return;
            }

            Finish(s, converged: false);
            return;
        }

        double objective = loss + slot.Penalty;
        bool converged = false;
        if (_options.ConvergenceTolerance > 0)
        {
            if (double.IsPositiveInfinity(slot.Best) || objective < slot.Best - (_options.ConvergenceTolerance * Math.Abs(slot.Best)))
            {
                slot.Stale = 0;
            }
            else
            {
                slot.Stale++;
            }

            slot.Best = Math.Min(slot.Best, objective);
            converged = slot.Stale >= _options.Patience;
        }

        if (_options.TargetMse > 0)
        {
            slot.Mse = ReconstructionMetrics.Measure(_buffers.Image(s), _buffers.Target(s), _range).Mse;
            if (slot.Steps == _options.Steps / 2)
            {
                slot.MidpointMse = slot.Mse;
            }

            if (slot.Mse <= _options.TargetMse)
            {
                slot.ReachedTarget = true;
                Finish(s, converged);
                return;
            }
        }

        if (converged || slot.Steps >= _options.Steps)
        {
            Finish(s, converged);
            return;
        }

        double learningRate = _options.Optimizer.LearningRate * _options.Schedule.Factor(slot.Steps, _options.Steps) * slot.RateFactor;
        for (int i = 0; i < _latents.Length; i++)
        {
            var latent = _latents[i];
            var value = latent.Buffer.Value(s);
            latent.Optimizer.Step(s, value, latent.Buffer.Gradient(s), learningRate * _rateScales[i]);
            latent.Constraint.Project(value, slot.Random!);
        }

        slot.Steps++;
        SampleSteps++;
    }

    private bool GradientsFinite(int s)
    {
        foreach (var latent in _latents)
        {
            foreach (float v in latent.Buffer.Gradient(s))
            {
                if (!float.IsFinite(v))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void Finish(int s, bool converged)
    {
        var slot = _slots[s];
        slot.Converged = converged;
        slot.Image!.Running--;
        if (_coupled)
        {
            slot.Frozen = true;
            return;
        }

        Record(s);
        slot.Vacate();
    }

    private void RefillOrCompact()
    {
        int kept = 0;
        for (int s = 0; s < _size; s++)
        {
            if (_slots[s].Image is null && !TryRestore(s) && TryNextJob(out var image, out int restart))
            {
                StartJob(s, image, restart);
            }

            if (_slots[s].Image is not null)
            {
                if (kept != s)
                {
                    MoveSlot(s, kept);
                }

                kept++;
            }
        }

        _size = kept;
    }

    private void StartUnit()
    {
        _size = 0;
        while (_size < _buffers.Capacity && TryRestore(_size))
        {
            _size++;
        }

        while (_size < _buffers.Capacity && TryNextJob(out var image, out int restart))
        {
            StartJob(_size++, image, restart);
        }
    }

    /// <summary>
    /// The next job to run: a waiting stall restart first, then the waiting restarts of images taken, then the first
    /// attempt at a new image from the feed; jobs of finished images are skipped. With a time budget the stall
    /// restarts come last, when the feed has no target ready: with restarts until the budget, the images that had
    /// their runs would otherwise keep the ones still queued out of the batch.
    /// </summary>
    private bool TryNextJob(out ImageTally image, out int restart)
    {
        bool retriesLast = _options.TimeBudget is not null;
        if ((!retriesLast && TryDequeueLive(_retries, out image, out restart)) || TryDequeueLive(_pending, out image, out restart))
        {
            return true;
        }

        if (_feed.TryTake(out var target))
        {
            image = Admit(target);
            if (_budgetSpent)
            {
                image.Withdrawn = true; // no time left: it leaves after one evaluation, with its start
                image.KeepBest = true;
            }

            for (int r = 1; r < _options.Restarts; r++)
            {
                _pending.Enqueue((image, r));
            }

            restart = 0;
            return true;
        }

        if (retriesLast && TryDequeueLive(_retries, out image, out restart))
        {
            return true;
        }

        image = null!;
        restart = 0;
        return false;
    }

    private static bool TryDequeueLive(Queue<(ImageTally Image, int Restart)> queue, out ImageTally image, out int restart)
    {
        while (queue.TryDequeue(out var job))
        {
            if (!job.Image.Done)
            {
                (image, restart) = job;
                return true;
            }
        }

        image = null!;
        restart = 0;
        return false;
    }

    /// <summary>Checks a target taken from the feed and works out its starts and condition rows.</summary>
    /// <exception cref="ArgumentException">The target does not fit the generator; the message names it and what is wrong.</exception>
    private ImageTally Admit(FeedTarget target)
    {
        int position = _taken;
        string what = string.Create(CultureInfo.InvariantCulture, $"target '{target.Name}' (index {target.Index})");
        if (target.Image.Length != _buffers.ImageLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{what} has {target.Image.Length} values per image; the generator produces [{string.Join(", ", _imageShape)}] = {_buffers.ImageLength}"), "targets");
        }

        foreach (string name in target.StartLatents?.Keys ?? [])
        {
            if (!_latents.Any(l => l.Plan.Latent.Name == name))
            {
                throw new ArgumentException($"{what} gives a starting latent for '{name}', which is not a latent of the generator ({string.Join(", ", _latents.Select(l => l.Plan.Latent.Name))})", "targets");
            }
        }

        var starts = new ReadOnlyMemory<float>[_latents.Length];
        for (int i = 0; i < _latents.Length; i++)
        {
            var latent = _latents[i].Plan.Latent;
            if (target.StartLatents?.GetValueOrDefault(latent.Name) is { } given)
            {
                starts[i] = given.Length == latent.Size ? given
                    : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{what} gives {given.Length} starting values for latent '{latent.Name}', which has {latent.Size}"), "targets");
            }
            else if (_latents[i].Start is { } start)
            {
                starts[i] = start.Row(position, target, latent.Size);
                if (starts[i].Length != latent.Size)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the start of latent '{latent.Name}' for {what} has {starts[i].Length} values; the latent has {latent.Size}"), "targets");
                }
            }
        }

        foreach (string name in target.Conditions?.Keys ?? [])
        {
            if (!_conditions.Any(c => c.Input.Name == name))
            {
                throw new ArgumentException($"{what} gives a value for '{name}', which is not a condition input of the generator ({(_conditions.Count == 0 ? "it has none" : string.Join(", ", _conditions.Select(c => c.Input.Name)))})", "targets");
            }
        }

        var conditions = new ConditionRows?[_conditions.Count];
        for (int c = 0; c < _conditions.Count; c++)
        {
            var input = _conditions[c].Input;
            if (target.Conditions?.GetValueOrDefault(input.Name) is { } row)
            {
                try
                {
                    conditions[c] = ConditionRows.Resolve(input, ConditionValue.FromRows(row, 1));
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"{what}: {ex.Message}", "targets", ex);
                }
            }
            else if (_conditions[c].PerTarget)
            {
                throw new ArgumentException($"{what} gives no value for condition input {input.Describe()}, which takes its value from each target (a CSV manifest's column)", "targets");
            }
            else if (!_conditions[c].Shared && position >= _conditions[c].Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"condition input {input.Describe()} was given {_conditions[c].Count} rows; {what} is target #{position} and brings no row of its own"), "targets");
            }
        }

        _taken++;
        var image = new ImageTally(target, position, starts, conditions, _options.Restarts);
        _live.Add(image);
        return image;
    }

    private void StartJob(int s, ImageTally image, int restart)
    {
        var random = new Checkpoints.CountingRandom(SeedMixer.Mix(_options.Seed, image.Target.Index, restart));
        var continued = restart >= _options.Restarts ? image.ContinueFrom : null;
        image.ContinueFrom = null;
        for (int i = 0; i < _latents.Length; i++)
        {
            var latent = _latents[i];
            var value = latent.Buffer.Value(s);
            if (continued is not null)
            {
                continued[i].CopyTo(value);
            }
            else if (restart == 0 && !image.Starts[i].IsEmpty)
            {
                image.Starts[i].Span.CopyTo(value);
            }
            else
            {
                latent.Prior.Sample(random, value);
            }

            latent.Constraint.Project(value, random);
        }

        LoadTarget(s, image);
        var slot = _slots[s];
        slot.Image = image;
        slot.Restart = restart;
        slot.ReachedTarget = false;
        slot.Occupied = true;
        slot.Frozen = false;
        slot.Converged = false;
        slot.Random = random;
        slot.Reinitialized = 0;
        slot.RateFactor = continued is null ? 1 : image.ContinueFactor;
        slot.Mse = double.NaN;
        slot.MidpointMse = double.NaN;
        image.Running++;
        ResetProgress(s);
    }

    /// <summary>Puts <paramref name="image"/>'s target (and its condition rows and features) into slot <paramref name="s"/>.</summary>
    private void LoadTarget(int s, ImageTally image)
    {
        for (int c = 0; c < _conditions.Count; c++)
        {
            var rows = image.Conditions[c] ?? _conditions[c];
            _buffers.Conditions[c].WriteRow(s, rows.Row(image.Position));
        }

        image.Target.Image.Span.CopyTo(_buffers.Target(s));
        _features?.Extract(s);
        _buffers.TargetLoaded(s);
    }

    private void Reinitialize(int s)
    {
        var slot = _slots[s];
        foreach (var latent in _latents)
        {
            var value = latent.Buffer.Value(s);
            latent.Prior.Sample(slot.Random!, value);
            latent.Constraint.Project(value, slot.Random!);
        }

        slot.Reinitialized++;
        Reinitializations++;
        ResetProgress(s);
    }

    private void ResetProgress(int s)
    {
        foreach (var latent in _latents)
        {
            latent.Optimizer.Reset(s);
        }

        var slot = _slots[s];
        slot.Steps = 0;
        slot.Stale = 0;
        slot.Best = double.PositiveInfinity;
    }

    private void MoveSlot(int from, int to)
    {
        _buffers.CopySlot(from, to);
        foreach (var latent in _latents)
        {
            latent.Optimizer.CopySlot(from, to);
        }

        (_slots[to], _slots[from]) = (_slots[from], _slots[to]);
        _slots[from].Vacate();
    }

    /// <summary>Slot <paramref name="s"/>'s state as an attempt: its latents, image, loss and steps now.</summary>
    private JobOutcome Outcome(int s, bool converged)
    {
        var slot = _slots[s];
        return new JobOutcome(
            slot.Restart,
            [.. _latents.Select(l => l.Buffer.Value(s).ToArray())],
            _buffers.Image(s).ToArray(),
            _buffers.Losses[s],
            slot.Penalty,
            slot.Steps,
            converged,
            slot.ReachedTarget);
    }

    private void Record(int s)
    {
        var slot = _slots[s];
        var image = slot.Image!;
        if (image.Done)
        {
            return; // a restart still running when another one of its image reached the target, or a withdrawn image
        }

        var outcome = Outcome(s, slot.Converged);
        if (outcome.Beats(image.Best))
        {
            image.Best = outcome;
        }

        image.Reinitializations += slot.Reinitialized;
        image.Steps += slot.Steps;
        image.Finished++;
        if (!outcome.ReachedTarget && image.Finished >= image.Planned && _options.TargetMse > 0 && image.Planned - _options.Restarts < _options.StallRestarts && !_budgetSpent)
        {
            PlanContinuation(image, slot, outcome);
            _retries.Enqueue((image, image.Planned++));
        }

        if (!outcome.ReachedTarget && image.Finished < image.Planned)
        {
            return;
        }

        Complete(image, cutShort: false);
    }

    /// <summary>
    /// Decides how <paramref name="image"/>'s next stall restart begins (<see cref="InversionOptions.ContinueRate"/>): from
    /// the latents of the run that just ended when it ran out of steps while its MSE was still falling (below half its
    /// MSE at the run's midpoint), at a lower rate; from a fresh draw otherwise.
    /// </summary>
    private void PlanContinuation(ImageTally image, SlotState slot, JobOutcome outcome)
    {
        bool improving = _options.ContinueRate > 0 && !slot.Converged && slot.Steps >= _options.Steps && slot.Mse < 0.5 * slot.MidpointMse;
        image.ContinueFrom = improving ? outcome.Latents : null;
        image.ContinueFactor = improving ? slot.RateFactor * _options.ContinueRate : 1;
    }

    /// <summary>Gives out <paramref name="image"/>'s result from its best attempt.</summary>
    private void Complete(ImageTally image, bool cutShort)
    {
        image.Done = true;
        _live.Remove(image);
        var best = image.Best!;
        image.Best = null;
        var (mse, mae, psnr) = ReconstructionMetrics.Measure(best.Image, image.Target.Image.Span, _range);
        var latents = new Dictionary<string, float[]>(_latents.Length, StringComparer.Ordinal);
        for (int i = 0; i < _latents.Length; i++)
        {
            latents[_latents[i].Plan.Latent.Name] = best.Latents[i];
        }

        Completed.Enqueue(new InversionResult
        {
            Index = image.Target.Index,
            Source = image.Target.Name,
            Latent = best.Latents[0],
            Latents = latents,
            Reconstruction = best.Image,
            Loss = best.Loss,
            Penalty = best.Penalty,
            Mse = mse,
            Mae = mae,
            Psnr = psnr,
            Steps = best.Steps,
            Converged = best.Converged,
            Restart = best.Restart,
            Reinitializations = image.Reinitializations,
            ReachedTarget = best.ReachedTarget,
            TotalSteps = image.Steps,
            Seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds,
            CutShort = cutShort,
            Tag = image.Target.Tag,
        });
        CompletedImages++;
        if (best.ReachedTarget)
        {
            ReachedTarget++;
        }
    }
}
