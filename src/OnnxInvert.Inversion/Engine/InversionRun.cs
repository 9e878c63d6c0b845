using System.Diagnostics;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// One inversion of a set of targets: a queue of jobs (image × restart) run through the batch slots, every latent of
/// the generator optimised together. With independent samples a finished slot is refilled from the queue at once
/// (continuous batching), and the batch shrinks only when the queue is empty; with coupled samples the batch runs as a
/// unit until every slot is done. After the first iterations <see cref="Step"/> allocates nothing except when a job
/// finishes.
/// </summary>
internal sealed partial class InversionRun
{
    private readonly InversionOptions _options;
    private readonly ObjectiveBuffers _buffers;
    private readonly FeatureTargetExtractor? _features;
    private readonly Runtime.OrtSession _session;
    private readonly RunLatent[] _latents;
    private readonly IReadOnlyList<ConditionRows> _conditions;
    private readonly (float Low, float High) _range;
    private readonly bool _coupled;
    private readonly InversionTargets _targets;
    private readonly int _jobCount;
    private readonly long _start;

    private readonly SlotState[] _slots;
    private readonly bool[] _active;
    private readonly ImageTally[] _images;
    private readonly float[] _rateScales;

    /// <summary>Stall restarts waiting for a slot: (image position, restart).</summary>
    private readonly Queue<(int Position, int Restart)> _retries = new();

    private int _size;
    private int _nextJob;

    public InversionRun(InversionOptions options, ObjectiveBuffers buffers, FeatureTargetExtractor? features, Runtime.OrtSession session, RunLatent[] latents, IReadOnlyList<ConditionRows> conditions, (float, float) range, bool coupled, InversionTargets targets, Checkpoints.InFlightCheckpoint? resume = null)
    {
        _options = options;
        _buffers = buffers;
        _features = features;
        _session = session;
        _latents = latents;
        _conditions = conditions;
        _range = range;
        _coupled = coupled;
        _targets = targets;
        _jobCount = targets.Count * options.Restarts;
        int capacity = buffers.Capacity;
        _slots = [.. Enumerable.Range(0, capacity).Select(_ => new SlotState())];
        _active = new bool[capacity];
        _images = new ImageTally[targets.Count];
        for (int i = 0; i < _images.Length; i++)
        {
            _images[i].Planned = options.Restarts;
        }

        _rateScales = [.. latents.Select(l => options.RelativeLearningRate ? l.Prior.Scale : 1f)];
        _start = Stopwatch.GetTimestamp();
        if (resume is not null)
        {
            Restore(resume);
        }

        StartUnit();
    }

    /// <summary>Images whose every restart has finished, in completion order, not yet taken.</summary>
    public Queue<InversionResult> Completed { get; } = new();

    /// <summary>Whether every job has finished.</summary>
    public bool IsDone => _size == 0 && !HasQueuedJob;

    /// <summary>Images that reached <see cref="InversionOptions.TargetMse"/> so far.</summary>
    public int ReachedTarget { get; private set; }

    private bool HasQueuedJob => _nextJob < _jobCount || _retries.Count > 0 || _restored.Count > 0;

    /// <summary>Samples in the batch now.</summary>
    public int BatchSize => _size;

    public long Iteration { get; private set; }

    public long SampleSteps { get; private set; }

    public int Reinitializations { get; private set; }

    public int CompletedImages { get; private set; }

    public double MeanLoss { get; private set; } = double.NaN;

    public InversionProgress Progress => new(
        Iteration, CompletedImages, _targets.Count, _size, MeanLoss, SampleSteps, (long)_jobCount * _options.Steps, Reinitializations, Stopwatch.GetElapsedTime(_start));

    /// <summary>One runtime call and one update of every sample still being optimised.</summary>
    public void Step()
    {
        if (IsDone)
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
            if (!_slots[s].Frozen)
            {
                sum += _buffers.Losses[s];
                counted++;
                Process(s);
            }
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

        if (_options.TargetMse > 0 && ReconstructionMetrics.Measure(_buffers.Image(s), _buffers.Target(s), _range).Mse <= _options.TargetMse)
        {
            slot.ReachedTarget = true;
            Finish(s, converged);
            return;
        }

        if (converged || slot.Steps >= _options.Steps)
        {
            Finish(s, converged);
            return;
        }

        double learningRate = _options.Optimizer.LearningRate * _options.Schedule.Factor(slot.Steps, _options.Steps);
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
            if (_slots[s].Job == SlotState.Empty && !TryRestore(s) && TryNextJob(out int position, out int restart))
            {
                StartJob(s, position, restart);
            }

            if (_slots[s].Job != SlotState.Empty)
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
        while (_size < _buffers.Capacity)
        {
            if (TryRestore(_size))
            {
                _size++;
            }
            else if (TryNextJob(out int position, out int restart))
            {
                StartJob(_size++, position, restart);
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>The next job to run: a waiting stall restart first, then the planned jobs; jobs of finished images are skipped.</summary>
    private bool TryNextJob(out int position, out int restart)
    {
        while (_retries.TryDequeue(out var retry))
        {
            (position, restart) = retry;
            if (!_images[position].Done)
            {
                return true;
            }
        }

        while (_nextJob < _jobCount)
        {
            int job = _nextJob++;
            position = job / _options.Restarts;
            restart = job % _options.Restarts;
            if (!_images[position].Done && !TakenBefore(position, restart))
            {
                return true;
            }
        }

        position = restart = SlotState.Empty;
        return false;
    }

    private void StartJob(int s, int position, int restart)
    {
        var random = new Checkpoints.CountingRandom(SeedMixer.Mix(_options.Seed, _targets.Indices[position], restart));
        foreach (var latent in _latents)
        {
            var value = latent.Buffer.Value(s);
            if (restart == 0 && latent.Start is { } start)
            {
                start.Write(position, value);
            }
            else
            {
                latent.Prior.Sample(random, value);
            }

            latent.Constraint.Project(value, random);
        }

        LoadTarget(s, position);
        var slot = _slots[s];
        slot.Job = position;
        slot.Restart = restart;
        slot.ReachedTarget = false;
        slot.Occupied = true;
        slot.Frozen = false;
        slot.Converged = false;
        slot.Random = random;
        slot.Reinitialized = 0;
        ResetProgress(s);
    }

    /// <summary>Puts the target (and its condition rows and features) of the image at <paramref name="position"/> into slot <paramref name="s"/>.</summary>
    private void LoadTarget(int s, int position)
    {
        for (int c = 0; c < _conditions.Count; c++)
        {
            _buffers.Conditions[c].WriteRow(s, _conditions[c].Row(position));
        }

        _targets.Image(position).CopyTo(_buffers.Target(s));
        _features?.Extract(s);
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

    private void Record(int s)
    {
        var slot = _slots[s];
        int position = slot.Job;
        ref var image = ref _images[position];
        if (image.Done)
        {
            return; // a restart still running when another one of its image reached the target
        }

        var outcome = new JobOutcome(
            slot.Restart,
            [.. _latents.Select(l => l.Buffer.Value(s).ToArray())],
            _buffers.Image(s).ToArray(),
            _buffers.Losses[s],
            slot.Penalty,
            slot.Steps,
            slot.Converged,
            slot.ReachedTarget);
        if (outcome.Beats(image.Best))
        {
            image.Best = outcome;
        }

        image.Reinitializations += slot.Reinitialized;
        image.Steps += slot.Steps;
        image.Finished++;
        if (!outcome.ReachedTarget && image.Finished >= image.Planned && _options.TargetMse > 0 && image.Planned - _options.Restarts < _options.StallRestarts)
        {
            _retries.Enqueue((position, image.Planned++));
        }

        if (!outcome.ReachedTarget && image.Finished < image.Planned)
        {
            return;
        }

        image.Done = true;

        var best = image.Best!;
        image.Best = null;
        var (mse, mae, psnr) = ReconstructionMetrics.Measure(best.Image, _targets.Image(position), _range);
        var latents = new Dictionary<string, float[]>(_latents.Length, StringComparer.Ordinal);
        for (int i = 0; i < _latents.Length; i++)
        {
            latents[_latents[i].Plan.Latent.Name] = best.Latents[i];
        }

        Completed.Enqueue(new InversionResult
        {
            Index = _targets.Indices[position],
            Source = _targets.Names[position],
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
        });
        CompletedImages++;
        if (best.ReachedTarget)
        {
            ReachedTarget++;
        }
    }
}
