using System.Runtime;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// Opening a generator for inversion parses it, adapts it, probes its shapes and builds and serialises its objective:
/// several copies of the graph and its weights (about 120 MB of the Table 1 generator's 27 MB model), garbage once the
/// runtime sessions exist. The collector would free them only at its first full collection, late in a long run, and
/// the process would keep them resident meanwhile, so a run's peak memory would depend on how far it got. <c>invert</c>
/// releases them once, before its first image: one blocking, compacting collection that also returns the freed memory
/// to the system (docs/benchmarks.md, "Streaming batch projection").
/// </summary>
internal static class StartupGarbage
{
    /// <summary>Collects the start-up garbage and gives its memory back.</summary>
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
