using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>Runs an inverter to the end on the calling thread, handing each finished image to a callback as it comes.</summary>
internal static class InversionLoop
{
    /// <summary>Inverts <paramref name="targets"/>; cancellation stops between iterations (results handed over so far stay handed over).</summary>
    public static void Run(Inverter inverter, InversionTargets targets, Action<InversionResult> finished, IProgress<InversionProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inverter);
        ArgumentNullException.ThrowIfNull(finished);
        var enumerator = inverter.InvertAsync(targets, progress, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                finished(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
