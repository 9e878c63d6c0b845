using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// The model's compiled inverters, one per options group (the loss, prior handling and steps are built into an
/// inverter). The default group's inverter is made at start and never evicted; others are kept while recently used.
/// Creation may happen on a request thread (to answer unfit options with 422); eviction only on the scheduler thread.
/// </summary>
internal sealed class InverterCache : IDisposable
{
    private const int Capacity = 8;

    private readonly Lock _gate = new();
    private readonly Generator _generator;
    private readonly Dictionary<string, (Inverter Inverter, long Used)> _entries = new(StringComparer.Ordinal);
    private long _clock;

    public InverterCache(Generator generator) => _generator = generator;

    /// <summary>The inverter of <paramref name="group"/>, made from <paramref name="options"/> when missing.</summary>
    /// <exception cref="ArgumentException">The options do not fit this generator.</exception>
    public Inverter Get(string group, InversionOptions options)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(group, out var entry))
            {
                entry = (Inverter.Create(_generator, options), 0);
            }

            _entries[group] = (entry.Inverter, ++_clock);
            return entry.Inverter;
        }
    }

    /// <summary>Disposes the least recently used inverters beyond the capacity, except <paramref name="keep"/>.</summary>
    public void Trim(string keep)
    {
        lock (_gate)
        {
            while (_entries.Count > Capacity)
            {
                var oldest = _entries.Where(e => e.Key != keep).MinBy(e => e.Value.Used);
                _entries.Remove(oldest.Key);
                oldest.Value.Inverter.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Inverter.Dispose();
            }

            _entries.Clear();
        }
    }
}
