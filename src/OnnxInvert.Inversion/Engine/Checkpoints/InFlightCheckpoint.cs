namespace OnnxInvert.Inversion.Engine.Checkpoints;

/// <summary>
/// The images in flight of a run stopped between two steps (<see cref="InversionRun.Snapshot"/>): the images taken and
/// not done, in the order they were taken, the jobs in the slots, in slot order, and the restarts waiting for a slot.
/// A run started from it (<see cref="Inverter.StartResumed"/>, with a feed that delivers
/// these images first) puts the jobs back into slots before taking new ones and continues them from the step they
/// reached; at the same batch size the results equal an uninterrupted run's bit for bit.
/// </summary>
/// <param name="Slots">The jobs in the slots, in slot order.</param>
/// <param name="Images">Every image in flight, in the order it was taken.</param>
/// <param name="Retries">Stall restarts waiting for a slot, in queue order: (image index, restart).</param>
/// <param name="Pending">Planned restarts not started yet, in queue order: (image index, restart).</param>
internal sealed record InFlightCheckpoint(SlotCheckpoint[] Slots, ImageCheckpoint[] Images, (int Index, int Restart)[] Retries, (int Index, int Restart)[] Pending)
{
    /// <summary>Whether no image is in flight.</summary>
    public bool IsEmpty => Images.Length == 0;

    /// <summary>The images in flight, by index in the order taken.</summary>
    public IEnumerable<int> Indices => Images.Select(i => i.Index);

    /// <summary>The part of the checkpoint about the images <paramref name="keep"/> picks (those still to be inverted).</summary>
    public InFlightCheckpoint Only(Func<int, bool> keep) => new(
        [.. Slots.Where(s => keep(s.Index))],
        [.. Images.Where(i => keep(i.Index))],
        [.. Retries.Where(r => keep(r.Index))],
        [.. Pending.Where(r => keep(r.Index))]);
}
