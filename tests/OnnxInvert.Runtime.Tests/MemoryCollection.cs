namespace OnnxInvert.Runtime.Tests;

/// <summary>Tests that measure process memory run in this collection, after and apart from all others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory accounting";
}
