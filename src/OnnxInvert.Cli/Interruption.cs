namespace OnnxInvert.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) into a cancellation request, so long verbs stop between iterations and keep what
/// they finished; a second Ctrl-C ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public Interruption(TextWriter errors)
    {
        _handler = (_, e) =>
        {
            if (_source.IsCancellationRequested)
            {
                return;
            }

            e.Cancel = true;
            errors.WriteLine("onnxinvert: interrupted; finishing the current iteration and saving (Ctrl-C again to quit at once)");
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Cancelled by the first Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
