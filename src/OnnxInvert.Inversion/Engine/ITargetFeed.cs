using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Where a running inversion takes its images from, one at a time, when a batch slot frees (see
/// <see cref="Inverter.Start"/>). A feed may have nothing ready for a while (a queue, a file read ahead) and deliver
/// later; the run asks again at every step. <see cref="InversionTargets.ToFeed"/> gives a feed over a fixed set.
/// </summary>
public interface ITargetFeed
{
    /// <summary>Takes the next target without blocking.</summary>
    /// <param name="target">The target, when one was ready.</param>
    /// <returns>False when nothing is ready now (ask again later, unless <see cref="IsComplete"/>).</returns>
    bool TryTake([NotNullWhen(true)] out FeedTarget? target);

    /// <summary>Whether no target will ever come again (after this, <see cref="TryTake"/> returns false for good).</summary>
    bool IsComplete { get; }

    /// <summary>How many targets the feed delivers in all, when known (for progress and the time left); null when not.</summary>
    int? Count => null;
}
