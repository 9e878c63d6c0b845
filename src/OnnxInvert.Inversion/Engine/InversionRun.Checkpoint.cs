using System.Globalization;
using OnnxInvert.Inversion.Engine.Checkpoints;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Preemption checkpoints: <see cref="Snapshot"/> takes the jobs in flight between two steps; a run constructed with a
/// snapshot puts them back into slots (with their latents, optimiser moments, counters and random streams) before it
/// takes a new job, skips the planned restarts the stopped run had already taken, and queues its waiting stall
/// restarts, so it goes on exactly as the stopped run would have. Entries for images not among the targets (finished
/// since, or another part of the input) are ignored.
/// </summary>
internal sealed partial class InversionRun
{
    /// <summary>Restored jobs waiting for a slot: (image position, job).</summary>
    private readonly Queue<(int Position, SlotCheckpoint Job)> _restored = new();

    /// <summary>Per image position, the planned restarts a restored run must not take again; null without a checkpoint.</summary>
    private int[]? _taken;

    /// <summary>Jobs put back from a checkpoint so far.</summary>
    public int RestoredJobs { get; private set; }

    /// <summary>The jobs in flight, their images' tallies and the waiting stall restarts; call it between steps.</summary>
    public InFlightCheckpoint Snapshot()
    {
        var slots = new List<SlotCheckpoint>(_size + _restored.Count);
        var busy = new HashSet<int>();
        for (int s = 0; s < _size; s++)
        {
            var slot = _slots[s];
            if (slot.Job != SlotState.Empty && !_images[slot.Job].Done)
            {
                slots.Add(Capture(s));
                busy.Add(slot.Job);
            }
        }

        foreach (var (position, job) in _restored)
        {
            slots.Add(job);
            busy.Add(position);
        }

        var retries = _retries.Where(r => !_images[r.Position].Done).ToArray();
        busy.UnionWith(retries.Select(r => r.Position));
        var images = new List<ImageCheckpoint>();
        for (int p = 0; p < _images.Length; p++)
        {
            ref var image = ref _images[p];
            int taken = Taken(p);
            if (!image.Done && (taken > 0 || image.Finished > 0 || busy.Contains(p)))
            {
                images.Add(new ImageCheckpoint(_targets.Indices[p], taken, image.Finished, image.Planned, image.Reinitializations, image.Steps, image.Best));
            }
        }

        return new InFlightCheckpoint([.. slots], [.. images], [.. retries.Select(r => (_targets.Indices[r.Position], r.Restart))]);
    }

    /// <summary>Takes up <paramref name="checkpoint"/> (from the constructor, before the first jobs are placed).</summary>
    /// <exception cref="ArgumentException">A job or tally does not fit this run's latents, optimiser or restarts.</exception>
    private void Restore(InFlightCheckpoint checkpoint)
    {
        var positions = new Dictionary<int, int>(_targets.Count);
        for (int p = 0; p < _targets.Count; p++)
        {
            positions.TryAdd(_targets.Indices[p], p);
        }

        _taken = new int[_targets.Count];
        foreach (var image in checkpoint.Images)
        {
            if (!positions.TryGetValue(image.Index, out int p))
            {
                continue;
            }

            if (image.Started is < 0 || image.Started > _options.Restarts || image.Planned < _options.Restarts || image.Finished < 0 || image.Finished > image.Planned)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {image.Index}: {image.Started} restart(s) taken, {image.Finished} finished of {image.Planned} planned do not fit a run of {_options.Restarts} restart(s)"));
            }

            _taken[p] = image.Started;
            ref var tally = ref _images[p];
            tally.Best = image.Best is { } best ? Checked(best, image.Index) : null;
            tally.Finished = image.Finished;
            tally.Planned = image.Planned;
            tally.Reinitializations = image.Reinitializations;
            tally.Steps = image.Steps;
        }

        foreach (var (index, restart) in checkpoint.Retries)
        {
            if (positions.TryGetValue(index, out int p))
            {
                _retries.Enqueue((p, restart));
            }
        }

        foreach (var job in checkpoint.Slots)
        {
            if (positions.TryGetValue(job.Index, out int p))
            {
                Check(job);
                _restored.Enqueue((p, job));
            }
        }
    }

    /// <summary>Puts the next restored job into empty slot <paramref name="s"/>; false when none waits.</summary>
    private bool TryRestore(int s)
    {
        if (!_restored.TryDequeue(out var restored))
        {
            return false;
        }

        var (position, job) = restored;
        for (int i = 0; i < _latents.Length; i++)
        {
            job.Latents[i].CopyTo(_latents[i].Buffer.Value(s));
            _latents[i].Optimizer.ImportSlot(s, job.Optimizers[i]);
        }

        LoadTarget(s, position);
        var slot = _slots[s];
        slot.Job = position;
        slot.Restart = job.Restart;
        slot.ReachedTarget = job.ReachedTarget;
        slot.Occupied = true;
        slot.Frozen = job.Frozen;
        slot.Converged = job.Converged;
        slot.Random = CountingRandom.Resume(SeedMixer.Mix(_options.Seed, job.Index, job.Restart), job.Draws);
        slot.Reinitialized = job.Reinitialized;
        slot.Steps = job.Steps;
        slot.Stale = job.Stale;
        slot.Best = job.Best;
        RestoredJobs++;
        return true;
    }

    /// <summary>Whether planned restart <paramref name="restart"/> of the image at <paramref name="position"/> was taken by the run a checkpoint came from.</summary>
    private bool TakenBefore(int position, int restart) => _taken is { } taken && restart < taken[position];

    /// <summary>Planned restarts of the image at <paramref name="position"/> taken so far (by this run or the one its checkpoint came from).</summary>
    private int Taken(int position)
    {
        long fromQueue = Math.Clamp(_nextJob - ((long)position * _options.Restarts), 0, _options.Restarts);
        return Math.Max((int)fromQueue, _taken?[position] ?? 0);
    }

    private SlotCheckpoint Capture(int s)
    {
        var slot = _slots[s];
        return new SlotCheckpoint(
            _targets.Indices[slot.Job],
            slot.Restart,
            slot.Steps,
            slot.Stale,
            slot.Best,
            slot.Reinitialized,
            slot.Frozen,
            slot.Converged,
            slot.ReachedTarget,
            slot.Random!.Draws,
            [.. _latents.Select(l => l.Buffer.Value(s).ToArray())],
            [.. _latents.Select(l => l.Optimizer.ExportSlot(s))]);
    }

    private void Check(SlotCheckpoint job)
    {
        if (job.Latents.Length != _latents.Length || job.Optimizers.Length != _latents.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: {job.Latents.Length} latent(s) and {job.Optimizers.Length} optimiser state(s); the generator has {_latents.Length} latent(s)"));
        }

        for (int i = 0; i < _latents.Length; i++)
        {
            var latent = _latents[i];
            if (job.Latents[i].Length != latent.Buffer.Size)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: latent {latent.Plan.Latent.Name} has {job.Latents[i].Length} values; the generator's has {latent.Buffer.Size}"));
            }

            var state = job.Optimizers[i];
            if (state.Kind != latent.Optimizer.Kind || state.Buffers.Any(b => b.Length != latent.Buffer.Size))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: the {state.Kind} optimiser state of latent {latent.Plan.Latent.Name} does not fit this run's {latent.Optimizer.Kind} optimiser of {latent.Buffer.Size} values"));
            }
        }

        if (job.Steps < 0 || job.Stale < 0 || job.Reinitialized < 0 || job.Draws < 0 || job.Restart < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index}: a negative counter in restart {job.Restart}"));
        }
    }

    private JobOutcome Checked(JobOutcome best, int index)
    {
        if (best.Latents.Length != _latents.Length || best.Latents.Where((values, i) => values.Length != _latents[i].Buffer.Size).Any() || best.Image.Length != _buffers.ImageLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {index}: its best finished restart does not fit this generator's latents and image size"));
        }

        return best;
    }
}
