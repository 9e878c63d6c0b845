using System.Diagnostics.CodeAnalysis;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>A feed the test fills by hand: targets become ready when added, and it completes when told.</summary>
internal sealed class ScriptedFeed : ITargetFeed
{
    private readonly Queue<FeedTarget> _ready = new();
    private bool _closed;

    public int Takes { get; private set; }

    public int EmptyAsks { get; private set; }

    public bool IsComplete => _closed && _ready.Count == 0;

    public void Add(FeedTarget target) => _ready.Enqueue(target);

    public void Close() => _closed = true;

    /// <summary>Image <paramref name="position"/> of <paramref name="targets"/> as a feed target (its index and name).</summary>
    public static FeedTarget From(InversionTargets targets, int position, object? tag = null) =>
        new(targets.Data.AsMemory(position * targets.ImageLength, targets.ImageLength), targets.Indices[position], targets.Names[position]) { Tag = tag };

    public bool TryTake([NotNullWhen(true)] out FeedTarget? target)
    {
        if (_ready.TryDequeue(out target))
        {
            Takes++;
            return true;
        }

        EmptyAsks++;
        return false;
    }
}
