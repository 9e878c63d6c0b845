using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Inversion.Engine;

/// <summary>A feed over a fixed <see cref="InversionTargets"/>, in order, everything ready at once.</summary>
internal sealed class TargetsFeed(InversionTargets targets) : ITargetFeed
{
    private int _next;

    public InversionTargets Targets { get; } = targets;

    public bool IsComplete => _next >= Targets.Count;

    public int? Count => Targets.Count;

    public bool TryTake([NotNullWhen(true)] out FeedTarget? target)
    {
        if (_next >= Targets.Count)
        {
            target = null;
            return false;
        }

        int position = _next++;
        target = new FeedTarget(Targets.Data.AsMemory(position * Targets.ImageLength, Targets.ImageLength), Targets.Indices[position], Targets.Names[position]);
        return true;
    }
}
