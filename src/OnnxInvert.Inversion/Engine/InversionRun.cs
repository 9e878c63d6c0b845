using System.Diagnostics;
using MathNet.Numerics.Random;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// One inversion of a set of targets: a queue of jobs (image × restart) run through the batch slots. With independent
/// samples a finished slot is refilled from the queue at once (continuous batching), and the batch shrinks only when
/// the queue is empty; with coupled samples the batch runs as a unit until every slot is done. After the first
/// iterations <see cref="Step"/> allocates nothing except when a job finishes.
/// </summary>
internal sealed class InversionRun
{
    private const int Empty = -1;

    private readonly InversionOptions _options;
    private readonly ObjectiveBuffers _buffers;
    private readonly Runtime.OrtSession _session;
    private readonly LatentOptimizer _optimizer;
    private readonly LatentConstraint _constraint;
    private readonly Prior _prior;
    private readonly (float Low, float High) _range;
    private readonly bool _coupled;
    private readonly InversionTargets _targets;
    private readonly int _jobCount;
    private readonly long _start;

    private readonly int[] _job;
    private readonly bool[] _occupied;
    private readonly bool[] _frozen;
    private readonly bool[] _converged;
    private readonly int[] _steps;
    private readonly int[] _stale;
    private readonly int[] _reinitialized;
    private readonly double[] _best;
    private readonly float[] _penalties;
    private readonly Random?[] _random;

    private readonly JobOutcome?[] _bestOutcome;
    private readonly int[] _finishedRestarts;
    private readonly int[] _imageReinitializations;

    private int _size;
    private int _nextJob;

    public InversionRun(InversionOptions options, ObjectiveBuffers buffers, Runtime.OrtSession session, LatentConstraint constraint, Prior prior, (float, float) range, bool coupled, InversionTargets targets)
    {
        _options = options;
        _buffers = buffers;
        _session = session;
        _constraint = constraint;
        _prior = prior;
        _range = range;
        _coupled = coupled;
        _targets = targets;
        _jobCount = targets.Count * options.Restarts;
        int capacity = buffers.Capacity;
        _optimizer = LatentOptimizer.Create(options.Optimizer, capacity, buffers.LatentSize);
        _job = new int[capacity];
        Array.Fill(_job, Empty);
        _occupied = new bool[capacity];
        _frozen = new bool[capacity];
        _converged = new bool[capacity];
        _steps = new int[capacity];
        _stale = new int[capacity];
        _reinitialized = new int[capacity];
        _best = new double[capacity];
        _penalties = new float[capacity];
        _random = new Random?[capacity];
        _bestOutcome = new JobOutcome?[targets.Count];
        _finishedRestarts = new int[targets.Count];
        _imageReinitializations = new int[targets.Count];
        _start = Stopwatch.GetTimestamp();
        StartUnit();
    }

    /// <summary>Images whose every restart has finished, in completion order, not yet taken.</summary>
    public Queue<InversionResult> Completed { get; } = new();

    /// <summary>Whether every job has finished.</summary>
    public bool IsDone => _size == 0 && _nextJob >= _jobCount;

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
        int d = _buffers.LatentSize;
        _buffers.Run(_session, size);
        _constraint.AddPenalty(_buffers.Latents.AsSpan(0, size * d), _buffers.Gradients.AsSpan(0, size * d), _occupied.AsSpan(0, size), d, _penalties.AsSpan(0, size));
        Iteration++;

        double sum = 0;
        int counted = 0;
        for (int s = 0; s < size; s++)
        {
            if (!_frozen[s])
            {
                sum += _buffers.Losses[s];
                counted++;
                Process(s);
            }
        }

        MeanLoss = counted == 0 ? double.NaN : sum / counted;
        if (_coupled)
        {
            if (_frozen.AsSpan(0, size).IndexOf(false) < 0)
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

    private void Process(int s)
    {
        float loss = _buffers.Losses[s];
        var gradient = _buffers.Gradient(s);
        if (!float.IsFinite(loss) || !float.IsFinite(_penalties[s]) || !AllFinite(gradient))
        {
            if (_reinitialized[s] < _options.MaxReinitializations)
            {
                Reinitialize(s);
                return;
            }

            Finish(s, converged: false);
            return;
        }

        double objective = loss + _penalties[s];
        bool converged = false;
        if (_options.ConvergenceTolerance > 0)
        {
            if (double.IsPositiveInfinity(_best[s]) || objective < _best[s] - (_options.ConvergenceTolerance * Math.Abs(_best[s])))
            {
                _stale[s] = 0;
            }
            else
            {
                _stale[s]++;
            }

            _best[s] = Math.Min(_best[s], objective);
            converged = _stale[s] >= _options.Patience;
        }

        if (converged || _steps[s] >= _options.Steps)
        {
            Finish(s, converged);
            return;
        }

        double learningRate = _options.Optimizer.LearningRate * _options.Schedule.Factor(_steps[s], _options.Steps);
        var latent = _buffers.Latent(s);
        _optimizer.Step(s, latent, gradient, learningRate);
        _constraint.Project(latent, _random[s]!);
        _steps[s]++;
        SampleSteps++;
    }

    private void Finish(int s, bool converged)
    {
        _converged[s] = converged;
        if (_coupled)
        {
            _frozen[s] = true;
            return;
        }

        Record(s);
        _job[s] = Empty;
        _occupied[s] = false;
    }

    private void RefillOrCompact()
    {
        int kept = 0;
        for (int s = 0; s < _size; s++)
        {
            if (_job[s] == Empty && _nextJob < _jobCount)
            {
                StartJob(s, _nextJob++);
            }

            if (_job[s] != Empty)
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
        _size = Math.Min(_buffers.Capacity, _jobCount - _nextJob);
        for (int s = 0; s < _size; s++)
        {
            StartJob(s, _nextJob++);
        }
    }

    private void StartJob(int s, int job)
    {
        int position = job / _options.Restarts;
        int restart = job % _options.Restarts;
        var random = new Xoshiro256StarStar(SeedMixer.Mix(_options.Seed, _targets.Indices[position], restart));
        var latent = _buffers.Latent(s);
        if (restart == 0 && _options.Initialization is LatentInitialization.Given or LatentInitialization.Encoder)
        {
            _targets.InitialLatents.AsSpan(position * latent.Length, latent.Length).CopyTo(latent);
        }
        else if (restart == 0 && _options.Initialization == LatentInitialization.PriorMean)
        {
            latent.Fill(_prior.Mean);
        }
        else
        {
            _prior.Sample(random, latent);
        }

        _constraint.Project(latent, random);
        _targets.Image(position).CopyTo(_buffers.Target(s));
        _job[s] = job;
        _occupied[s] = true;
        _frozen[s] = false;
        _converged[s] = false;
        _random[s] = random;
        _reinitialized[s] = 0;
        ResetProgress(s);
    }

    private void Reinitialize(int s)
    {
        var latent = _buffers.Latent(s);
        _prior.Sample(_random[s]!, latent);
        _constraint.Project(latent, _random[s]!);
        _reinitialized[s]++;
        Reinitializations++;
        ResetProgress(s);
    }

    private void ResetProgress(int s)
    {
        _optimizer.Reset(s);
        _steps[s] = 0;
        _stale[s] = 0;
        _best[s] = double.PositiveInfinity;
    }

    private void MoveSlot(int from, int to)
    {
        _buffers.CopySlot(from, to);
        _optimizer.CopySlot(from, to);
        _job[to] = _job[from];
        _occupied[to] = _occupied[from];
        _frozen[to] = _frozen[from];
        _converged[to] = _converged[from];
        _steps[to] = _steps[from];
        _stale[to] = _stale[from];
        _reinitialized[to] = _reinitialized[from];
        _best[to] = _best[from];
        _penalties[to] = _penalties[from];
        _random[to] = _random[from];
        _job[from] = Empty;
        _occupied[from] = false;
        _random[from] = null;
    }

    private void Record(int s)
    {
        int job = _job[s];
        int position = job / _options.Restarts;
        var outcome = new JobOutcome(
            job % _options.Restarts,
            _buffers.Latent(s).ToArray(),
            _buffers.Image(s).ToArray(),
            _buffers.Losses[s],
            _penalties[s],
            _steps[s],
            _converged[s]);
        if (outcome.Beats(_bestOutcome[position]))
        {
            _bestOutcome[position] = outcome;
        }

        _imageReinitializations[position] += _reinitialized[s];
        if (++_finishedRestarts[position] < _options.Restarts)
        {
            return;
        }

        var best = _bestOutcome[position]!;
        _bestOutcome[position] = null;
        var (mse, mae, psnr) = ReconstructionMetrics.Measure(best.Image, _targets.Image(position), _range);
        Completed.Enqueue(new InversionResult
        {
            Index = _targets.Indices[position],
            Source = _targets.Names[position],
            Latent = best.Latent,
            Reconstruction = best.Image,
            Loss = best.Loss,
            Penalty = best.Penalty,
            Mse = mse,
            Mae = mae,
            Psnr = psnr,
            Steps = best.Steps,
            Converged = best.Converged,
            Restart = best.Restart,
            Reinitializations = _imageReinitializations[position],
        });
        CompletedImages++;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
