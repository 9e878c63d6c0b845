namespace OnnxInvert.Inversion.Engine.Checkpoints;

/// <summary>
/// The images in flight of a run stopped between two steps (<see cref="InversionRun.Snapshot"/>): the jobs in its slots,
/// in slot order, the tallies of their images, and the stall restarts waiting for a slot. A run started from it
/// (<see cref="Inverter.BeginRun"/>) puts the jobs back into slots before taking new ones and continues them from the
/// step they reached; at the same batch size the results equal an uninterrupted run's bit for bit.
/// </summary>
/// <param name="Slots">The jobs in the slots, in slot order (jobs of images already given out are left out).</param>
/// <param name="Images">Every image not yet given out that had a job taken, finished or waiting.</param>
/// <param name="Retries">Stall restarts waiting for a slot, in queue order: (image index, restart).</param>
internal sealed record InFlightCheckpoint(SlotCheckpoint[] Slots, ImageCheckpoint[] Images, (int Index, int Restart)[] Retries)
{
    /// <summary>Whether there is nothing to continue.</summary>
    public bool IsEmpty => Slots.Length == 0 && Images.Length == 0 && Retries.Length == 0;
}
