using System.Globalization;

namespace OnnxInvert.Runtime;

/// <summary>
/// What <see cref="SessionSettings.ForGraph"/> changes for a very long graph. On long chains every one of ONNX
/// Runtime's graph optimisation passes (about 65 at level <see cref="GraphOptimizationLevel.All"/>, 30 at Basic, a
/// few mandatory ones with optimisation disabled) takes time that grows far faster than the graph (about with its square), so a
/// session's start-up at level All goes from seconds to minutes (docs/benchmarks.md, "Building the objective of a very
/// long graph"). From <see cref="Nodes"/> nodes on, unless the caller chose the level
/// (<see cref="SessionSettings.GraphOptimizationChosen"/>), the session is created at <see cref="Level"/> instead and
/// <see cref="SessionSettings.Notice"/> says so once, with how to keep All.
/// </summary>
public static class LongGraphSettings
{
    /// <summary>
    /// Graphs of at least this many nodes are very long: the objective of a generator of about 2,700 nodes. Real
    /// generators' objectives (a few hundred to a few thousand nodes) stay below it and keep level All.
    /// </summary>
    public const int Nodes = 8000;

    /// <summary>The level a very long graph's session is created at when the caller did not choose one.</summary>
    public const GraphOptimizationLevel Level = GraphOptimizationLevel.Disabled;

    /// <summary>The settings for a session over a graph of <paramref name="nodes"/> nodes.</summary>
    internal static SessionSettings For(SessionSettings settings, int nodes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(nodes);
        if (nodes < Nodes || settings.GraphOptimizationChosen)
        {
            return settings;
        }

        settings.Notice?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"the graph has {nodes:N0} nodes, so ONNX Runtime's graph optimisations are turned off for it: on graphs this long their start-up time grows far faster than the graph (SessionSettings.GraphOptimization = All keeps them)"));
        return settings with { GraphOptimization = Level };
    }
}
