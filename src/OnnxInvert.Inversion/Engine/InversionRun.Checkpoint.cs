using System.Globalization;
using OnnxInvert.Inversion.Engine.Checkpoints;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Preemption checkpoints: <see cref="Snapshot"/> takes the images in flight between two steps; a run constructed with
/// a snapshot first takes the snapshot's images from its feed (which must deliver them first, in the snapshot's
/// order), gives them back their tallies, puts their jobs back into slots (latents, optimiser moments, counters and
/// random streams) before any new job, and queues their waiting restarts, so it goes on exactly as the stopped run
/// would have.
/// </summary>
internal sealed partial class InversionRun
{
    /// <summary>The checkpoint to take up at the first step (a run takes nothing from its feed before), or null.</summary>
    private InFlightCheckpoint? _resume;

    /// <summary>Restored jobs waiting for a slot.</summary>
    private readonly Queue<(ImageTally Image, SlotCheckpoint Job)> _restored = new();

    /// <summary>Jobs put back from a checkpoint so far.</summary>
    public int RestoredJobs { get; private set; }

    /// <summary>
    /// The images in flight (taken, not done, not withdrawn) in the order they were taken, the jobs in the slots in
    /// slot order, and the restarts waiting; call it between steps.
    /// </summary>
    public InFlightCheckpoint Snapshot()
    {
        if (_resume is not null)
        {
            return _resume; // stopped again before the first step took it up
        }

        static bool Live(ImageTally image) => !image.Done && !image.Withdrawn;
        var slots = new List<SlotCheckpoint>(_size + _restored.Count);
        for (int s = 0; s < _size; s++)
        {
            if (_slots[s].Image is { } image && Live(image))
            {
                slots.Add(Capture(s));
            }
        }

        slots.AddRange(_restored.Where(r => Live(r.Image)).Select(r => r.Job));
        return new InFlightCheckpoint(
            [.. slots],
            [.. _live.Where(Live).Select(i => new ImageCheckpoint(i.Target.Index, i.Finished, i.Planned, i.Reinitializations, i.Steps, i.Best))],
            [.. _retries.Where(r => Live(r.Image)).Select(r => (r.Image.Target.Index, r.Restart))],
            [.. _pending.Where(r => Live(r.Image)).Select(r => (r.Image.Target.Index, r.Restart))]);
    }

    /// <summary>Takes up <paramref name="checkpoint"/> (at the first step, before any job is placed).</summary>
    /// <exception cref="ArgumentException">The feed does not deliver the checkpoint's images first, or a job or tally
    /// does not fit this run's latents, optimiser or restarts.</exception>
    private void Restore(InFlightCheckpoint checkpoint)
    {
        var images = new Dictionary<int, ImageTally>(checkpoint.Images.Length);
        foreach (var image in checkpoint.Images)
        {
            if (!_feed.TryTake(out var target) || target.Index != image.Index)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the feed must deliver the checkpoint's images first, in its order; expected index {image.Index}, got {(target is null ? "nothing" : target.Index.ToString(CultureInfo.InvariantCulture))}"), "resume");
            }

            if (image.Planned < _options.Restarts || image.Finished < 0 || image.Finished > image.Planned || image.Steps < 0 || image.Reinitializations < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {image.Index}: {image.Finished} restart(s) finished of {image.Planned} planned do not fit a run of {_options.Restarts} restart(s)"), "resume");
            }

            var tally = Admit(target);
            tally.Best = image.Best is { } best ? Checked(best, image.Index) : null;
            tally.Finished = image.Finished;
            tally.Planned = image.Planned;
            tally.Reinitializations = image.Reinitializations;
            tally.Steps = image.Steps;
            images[image.Index] = tally;
        }

        foreach (var (index, restart) in checkpoint.Retries)
        {
            _retries.Enqueue((Known(images, index), restart));
        }

        foreach (var (index, restart) in checkpoint.Pending)
        {
            _pending.Enqueue((Known(images, index), restart));
        }

        foreach (var job in checkpoint.Slots)
        {
            Check(job);
            _restored.Enqueue((Known(images, job.Index), job));
        }
    }

    /// <summary>Puts the next restored job into empty slot <paramref name="s"/>; false when none waits.</summary>
    private bool TryRestore(int s)
    {
        if (!_restored.TryDequeue(out var restored))
        {
            return false;
        }

        var (image, job) = restored;
        for (int i = 0; i < _latents.Length; i++)
        {
            job.Latents[i].CopyTo(_latents[i].Buffer.Value(s));
            _latents[i].Optimizer.ImportSlot(s, job.Optimizers[i]);
        }

        LoadTarget(s, image);
        var slot = _slots[s];
        slot.Image = image;
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
        slot.RateFactor = 1; // a continued run's lower rate is not checkpointed: it resumes at the full rate
        slot.Mse = double.NaN;
        slot.MidpointMse = double.NaN;
        if (!job.Frozen)
        {
            image.Running++;
        }

        RestoredJobs++;
        return true;
    }

    private static ImageTally Known(Dictionary<int, ImageTally> images, int index) =>
        images.TryGetValue(index, out var image) ? image : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the checkpoint has a job of image {index} but no tally for it"), "resume");

    private SlotCheckpoint Capture(int s)
    {
        var slot = _slots[s];
        return new SlotCheckpoint(
            slot.Image!.Target.Index,
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
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: {job.Latents.Length} latent(s) and {job.Optimizers.Length} optimiser state(s); the generator has {_latents.Length} latent(s)"), "resume");
        }

        for (int i = 0; i < _latents.Length; i++)
        {
            var latent = _latents[i];
            if (job.Latents[i].Length != latent.Buffer.Size)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: latent {latent.Plan.Latent.Name} has {job.Latents[i].Length} values; the generator's has {latent.Buffer.Size}"), "resume");
            }

            var state = job.Optimizers[i];
            if (state.Kind != latent.Optimizer.Kind || state.Buffers.Length != latent.Optimizer.ExportSlot(0).Buffers.Length || state.Buffers.Any(b => b.Length != latent.Buffer.Size))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index} restart {job.Restart}: the {state.Kind} optimiser state of latent {latent.Plan.Latent.Name} does not fit this run's {latent.Optimizer.Kind} optimiser of {latent.Buffer.Size} values"), "resume");
            }
        }

        if (job.Steps < 0 || job.Stale < 0 || job.Reinitialized < 0 || job.Draws < 0 || job.Restart < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {job.Index}: a negative counter in restart {job.Restart}"), "resume");
        }
    }

    private JobOutcome Checked(JobOutcome best, int index)
    {
        if (best.Latents.Length != _latents.Length || best.Latents.Where((values, i) => values.Length != _latents[i].Buffer.Size).Any() || best.Image.Length != _buffers.ImageLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"image {index}: its best finished restart does not fit this generator's latents and image size"), "resume");
        }

        return best;
    }
}
