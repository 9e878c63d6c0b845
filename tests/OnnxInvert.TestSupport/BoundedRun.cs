namespace OnnxInvert.TestSupport;

/// <summary>Runs one fuzz case on a worker thread under a wall-clock limit and measures what it allocates.</summary>
public static class BoundedRun
{
    /// <summary>
    /// Runs <paramref name="action"/>; fails the test if it takes longer than <paramref name="limit"/> (a hang).
    /// Returns the exception it threw (null if none) and the managed bytes it allocated on its thread.
    /// </summary>
    public static (Exception? Error, long AllocatedBytes) Run(Action action, TimeSpan limit, string description)
    {
        Exception? error = null;
        long allocated = 0;
        var worker = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                action();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        })
        {
            IsBackground = true,
        };
        worker.Start();
        Assert.True(worker.Join(limit), $"{description}: still running after {limit.TotalSeconds:0} s (a hang)");
        return (error, allocated);
    }
}
