namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// A torch.optim update rule applied in place to the latents of a batch, with separate state per slot (one slot per
/// sample) so that a slot can be reset or moved when the batch is refilled or compacted. State lives in buffers
/// allocated once; <see cref="Step"/> allocates nothing.
/// </summary>
public abstract class LatentOptimizer
{
    private readonly float[][] _buffers;
    private readonly bool[] _started;

    private protected LatentOptimizer(OptimizerKind kind, int slots, int size, int buffers)
    {
        Kind = kind;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Slots = slots;
        Size = size;
        _buffers = new float[buffers][];
        for (int i = 0; i < buffers; i++)
        {
            _buffers[i] = new float[slots * size];
        }

        _started = new bool[slots];
        StepCounts = new int[slots];
    }

    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>Slots (samples) the optimiser holds state for.</summary>
    public int Slots { get; }

    /// <summary>Latent elements per slot.</summary>
    public int Size { get; }

    /// <summary>Updates taken by each slot since its last reset.</summary>
    private protected int[] StepCounts { get; }

    /// <summary>Creates the optimiser <paramref name="settings"/> describe for <paramref name="slots"/> slots of <paramref name="size"/> elements.</summary>
    public static LatentOptimizer Create(OptimizerSettings settings, int slots, int size)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings.Kind switch
        {
            OptimizerKind.Adam => new AdamOptimizer(settings, slots, size),
            OptimizerKind.Sgd => new SgdOptimizer(settings, slots, size),
            _ => new RmsPropOptimizer(settings, slots, size),
        };
    }

    /// <summary>
    /// One update of slot <paramref name="slot"/>: <paramref name="latent"/> (its <see cref="Size"/> values) moves
    /// against <paramref name="gradient"/> with learning rate <paramref name="learningRate"/>.
    /// </summary>
    public void Step(int slot, Span<float> latent, ReadOnlySpan<float> gradient, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        if (latent.Length != Size || gradient.Length != Size)
        {
            throw new ArgumentException($"slot {slot}: expected {Size} latent and gradient values, got {latent.Length} and {gradient.Length}");
        }

        bool first = !_started[slot];
        _started[slot] = true;
        StepCounts[slot]++;
        Update(slot, latent, gradient, learningRate, first);
    }

    /// <summary>Forgets the state of <paramref name="slot"/> (a new sample starts there).</summary>
    public void Reset(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        foreach (var buffer in _buffers)
        {
            buffer.AsSpan(slot * Size, Size).Clear();
        }

        _started[slot] = false;
        StepCounts[slot] = 0;
    }

    /// <summary>Copies the state of slot <paramref name="from"/> to slot <paramref name="to"/> (batch compaction).</summary>
    public void CopySlot(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)from, (uint)Slots, nameof(from));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)to, (uint)Slots, nameof(to));
        foreach (var buffer in _buffers)
        {
            buffer.AsSpan(from * Size, Size).CopyTo(buffer.AsSpan(to * Size, Size));
        }

        _started[to] = _started[from];
        StepCounts[to] = StepCounts[from];
    }

    /// <summary>A copy of everything the optimiser holds for <paramref name="slot"/> (for a checkpoint).</summary>
    public OptimizerSlotState ExportSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        return new OptimizerSlotState(Kind, StepCounts[slot], [.. _buffers.Select(b => b.AsSpan(slot * Size, Size).ToArray())]);
    }

    /// <summary>Puts <paramref name="state"/> (from <see cref="ExportSlot"/> of an optimiser with the same rule and size) into <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentException">The state belongs to another rule, has another number of buffers or values, or a negative step count.</exception>
    public void ImportSlot(int slot, OptimizerSlotState state)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Slots, nameof(slot));
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != Kind || state.StepCount < 0 || state.Buffers is null || state.Buffers.Length != _buffers.Length || state.Buffers.Any(b => b is null || b.Length != Size))
        {
            throw new ArgumentException($"the optimiser state ({state.Kind}, step {state.StepCount}, {state.Buffers?.Length ?? 0} buffers) does not fit this {Kind} optimiser ({_buffers.Length} buffers of {Size} values)", nameof(state));
        }

        for (int i = 0; i < _buffers.Length; i++)
        {
            state.Buffers[i].CopyTo(_buffers[i].AsSpan(slot * Size, Size));
        }

        StepCounts[slot] = state.StepCount;
        _started[slot] = state.StepCount > 0;
    }

    /// <summary>State buffer <paramref name="index"/> of <paramref name="slot"/>.</summary>
    private protected Span<float> State(int index, int slot) => _buffers[index].AsSpan(slot * Size, Size);

    /// <summary>The rule itself; <paramref name="first"/> is true on the slot's first update since a reset.</summary>
    private protected abstract void Update(int slot, Span<float> latent, ReadOnlySpan<float> gradient, double learningRate, bool first);
}
