using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class ShardResolverTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Resolve_ExplicitValues_WinOverTheEnvironment()
    {
        var shard = ShardResolver.Resolve(2, 8, Env(("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_COUNT", "16")));

        Assert.Equal(new ShardSpec(2, 8), shard);
    }

    [Fact]
    public void Resolve_NothingGivenOrSet_IsNotSharded()
    {
        Assert.Null(ShardResolver.Resolve(null, null, Env()));
    }

    [Fact]
    public void Resolve_SlurmArrayFromZero_TakesTheCount()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "16"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "15")));

        Assert.Equal(new ShardSpec(3, 16), shard);
    }

    [Fact]
    public void Resolve_SlurmArrayFromOne_CountsFromTheMinimum()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "16"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "16")));

        Assert.Equal(new ShardSpec(15, 16), shard);
    }

    [Fact]
    public void Resolve_SlurmRerunOfSomeTasksWithExplicitCount_UsesTheTaskIdAsIndex()
    {
        var shard = ShardResolver.Resolve(null, 16, Env(("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "2"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_MAX", "7")));

        Assert.Equal(new ShardSpec(7, 16), shard);
    }

    [Fact]
    public void Resolve_SlurmSteppedArrayWithoutCount_ThrowsNamingTheVariables()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "8"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "14"))));

        Assert.Contains("SLURM_ARRAY_TASK_COUNT=8", ex.Message, StringComparison.Ordinal);
        Assert.Contains("contiguous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SlurmIdWithoutCountOrMax_Throws()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "4"))));

        Assert.Contains("SLURM_ARRAY_TASK_ID=4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SlurmIdBeyondTheCount_ThrowsNamingTheVariable()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "16"), ("SLURM_ARRAY_TASK_COUNT", "16"))));

        Assert.Contains("SLURM_ARRAY_TASK_ID=16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KubernetesIndexWithCount_IsThatShard()
    {
        Assert.Equal(new ShardSpec(5, 10), ShardResolver.Resolve(null, 10, Env(("JOB_COMPLETION_INDEX", "5"))));
    }

    [Fact]
    public void Resolve_KubernetesIndexWithoutCount_Throws()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "5"))));

        Assert.Contains("JOB_COMPLETION_INDEX=5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BothSchedulersSet_Throws()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, 4, Env(("JOB_COMPLETION_INDEX", "1"), ("SLURM_ARRAY_TASK_ID", "1"))));

        Assert.Contains("both", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("three")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void Resolve_NotANonNegativeInteger_ThrowsNamingTheValue(string value)
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, 4, Env(("JOB_COMPLETION_INDEX", value))));

        Assert.Contains($"JOB_COMPLETION_INDEX='{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IndexWithoutCount_Throws()
    {
        Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(3, null, Env()));
    }

    [Fact]
    public void Resolve_CountWithoutAnyIndex_Throws()
    {
        var ex = Assert.Throws<ShardSpecException>(() => ShardResolver.Resolve(null, 4, Env()));

        Assert.Contains("no shard index", ex.Message, StringComparison.Ordinal);
    }
}
