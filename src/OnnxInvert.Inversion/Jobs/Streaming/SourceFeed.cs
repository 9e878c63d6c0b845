using System.Diagnostics.CodeAnalysis;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>
/// A feed over the pending items of a <see cref="TargetSource"/>, read just in time: when the run asks and nothing
/// read is left, the next <see cref="Bound"/> items are read in one go. So at most that many images wait in memory,
/// beside the ones in the batch, whatever the number of items.
/// </summary>
internal sealed class SourceFeed(TargetSource source, IReadOnlyList<int> pending, int bound, Func<FeedTarget, FeedTarget>? prepare = null) : ITargetFeed
{
    private readonly Queue<FeedTarget> _ready = new();
    private int _next;

    /// <summary>Items read at a time (and the most that wait).</summary>
    public int Bound { get; } = bound >= 1 ? bound : throw new ArgumentOutOfRangeException(nameof(bound), bound, "read at least one item at a time");

    /// <summary>The most read items that waited at once.</summary>
    public int MostHeld { get; private set; }

    /// <summary>Seconds spent reading (decoding, seeking, converting).</summary>
    public double ReadSeconds { get; private set; }

    public bool IsComplete => _next >= pending.Count && _ready.Count == 0;

    public int? Count => pending.Count;

    public bool TryTake([NotNullWhen(true)] out FeedTarget? target)
    {
        if (_ready.Count == 0 && _next < pending.Count)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            int count = Math.Min(Bound, pending.Count - _next);
            var chunk = new int[count];
            for (int k = 0; k < count; k++)
            {
                chunk[k] = pending[_next + k];
            }

            _next += count;
            foreach (var read in source.ReadTargets(chunk))
            {
                _ready.Enqueue(prepare is null ? read : prepare(read));
            }

            MostHeld = Math.Max(MostHeld, _ready.Count);
            ReadSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return _ready.TryDequeue(out target);
    }
}
