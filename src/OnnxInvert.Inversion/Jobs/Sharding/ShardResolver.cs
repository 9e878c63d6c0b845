using System.Globalization;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// Works out which shard this process is, from explicit values or the scheduler's environment:
/// <list type="number">
/// <item>an explicit index needs an explicit count, and the two are used as they are;</item>
/// <item>otherwise Slurm's <c>SLURM_ARRAY_TASK_ID</c> gives the index. With an explicit count the task id IS the
/// index (so <c>--array=3,7</c> reruns shards 3 and 7 of 16). Without one, the count comes from
/// <c>SLURM_ARRAY_TASK_COUNT</c> or <c>SLURM_ARRAY_TASK_MAX</c> − <c>SLURM_ARRAY_TASK_MIN</c> + 1, the array must be
/// one contiguous range (no step, no list; the two must agree when both are set), and the index is the task id −
/// <c>SLURM_ARRAY_TASK_MIN</c> (so <c>--array=1-16</c> works as well as <c>0-15</c>);</item>
/// <item>or Kubernetes' <c>JOB_COMPLETION_INDEX</c> (Indexed Jobs) gives the index, and the count must be explicit
/// (Kubernetes gives the pod no count);</item>
/// <item>with neither, and no explicit values, the run is not sharded (null).</item>
/// </list>
/// Both variables set at once, a value that is not a non-negative integer, a count without an index, or an index
/// outside its range is a <see cref="ShardSpecException"/> naming the variable and its value.
/// </summary>
public static class ShardResolver
{
    /// <summary>Slurm's array task id.</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm's number of tasks in the array.</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm's lowest task id of the array.</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm's highest task id of the array.</summary>
    public const string SlurmTaskMax = "SLURM_ARRAY_TASK_MAX";

    /// <summary>The index of a pod of a Kubernetes Indexed Job.</summary>
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";

    /// <summary>Resolves the shard from <paramref name="index"/>, <paramref name="count"/> and the process environment.</summary>
    /// <exception cref="ShardSpecException">The values are invalid or inconsistent.</exception>
    public static ShardSpec? FromProcess(int? index, int? count) => Resolve(index, count, Environment.GetEnvironmentVariable);

    /// <summary>Resolves the shard from <paramref name="index"/>, <paramref name="count"/> and <paramref name="environment"/> (a variable's value, or null when unset).</summary>
    /// <exception cref="ShardSpecException">The values are invalid or inconsistent.</exception>
    public static ShardSpec? Resolve(int? index, int? count, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (index is { } i)
        {
            return count is { } n
                ? new ShardSpec(i, n)
                : throw new ShardSpecException(Invariant($"shard index {i} was given without a shard count"));
        }

        int? slurm = Read(environment, SlurmTaskId);
        int? kubernetes = Read(environment, KubernetesIndex);
        if (slurm is not null && kubernetes is not null)
        {
            throw new ShardSpecException(Invariant($"both {SlurmTaskId}={slurm} and {KubernetesIndex}={kubernetes} are set; give the shard index explicitly"));
        }

        if (kubernetes is { } k)
        {
            return count is { } n
                ? Checked(k, n, Invariant($"{KubernetesIndex}={k}"))
                : throw new ShardSpecException(Invariant($"{KubernetesIndex}={k} gives the shard index but Kubernetes gives no shard count; give the count (the Job's completions) explicitly"));
        }

        if (slurm is { } s)
        {
            return count is { } n ? Checked(s, n, Invariant($"{SlurmTaskId}={s}")) : FromSlurmArray(s, environment);
        }

        return count is { } c
            ? throw new ShardSpecException(Invariant($"a shard count of {c} was given but no shard index: give one, or run as a Slurm array task ({SlurmTaskId}) or a Kubernetes Indexed Job pod ({KubernetesIndex})"))
            : null;
    }

    private static ShardSpec FromSlurmArray(int id, Func<string, string?> environment)
    {
        int? tasks = Read(environment, SlurmTaskCount);
        int? max = Read(environment, SlurmTaskMax);
        int min = Read(environment, SlurmTaskMin) ?? 0;
        int? span = max is { } m ? m - min + 1 : null;
        if (span is < 1)
        {
            throw new ShardSpecException(Invariant($"{SlurmTaskMin}={min} is above {SlurmTaskMax}={max}"));
        }

        if (tasks is null && span is null)
        {
            throw new ShardSpecException(Invariant($"{SlurmTaskId}={id} is set but neither {SlurmTaskCount} nor {SlurmTaskMax}; give the shard count explicitly"));
        }

        if (tasks is { } t && span is { } w && t != w)
        {
            throw new ShardSpecException(Invariant($"the Slurm array is not one contiguous range ({SlurmTaskCount}={t}, ids {min}..{max}: a step or a list); give the shard count explicitly, and the task ids are then the shard indices"));
        }

        int count = tasks ?? span!.Value;
        return Checked(id - min, count, Invariant($"{SlurmTaskId}={id} (array ids from {min}, {count} tasks)"));
    }

    private static ShardSpec Checked(int index, int count, string source)
    {
        try
        {
            return new ShardSpec(index, count);
        }
        catch (ShardSpecException ex)
        {
            throw new ShardSpecException($"{source}: {ex.Message}");
        }
    }

    private static int? Read(Func<string, string?> environment, string name)
    {
        string? text = environment(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ShardSpecException($"{name}='{text}' is not a non-negative integer");
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
