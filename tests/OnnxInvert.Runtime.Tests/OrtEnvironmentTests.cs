namespace OnnxInvert.Runtime.Tests;

public sealed class OrtEnvironmentTests
{
    [Fact]
    public void Instance_FromManyThreads_IsOneEnvironment()
    {
        var seen = new OrtEnvironment[16];

        Parallel.For(0, seen.Length, i => seen[i] = OrtEnvironment.Instance);

        Assert.All(seen, env => Assert.Same(OrtEnvironment.Instance, env));
    }
}
