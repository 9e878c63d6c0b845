using System.Runtime.InteropServices;

namespace OnnxInvert.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM (what schedulers and <c>docker stop</c> send) into a cancellation
/// request, so long verbs stop between iterations, keep what they finished and exit with the interrupted code; a
/// second signal ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _errors;
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption(TextWriter errors)
    {
        _errors = errors;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        string name = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl-C";
        _errors.WriteLine($"onnxinvert: interrupted ({name}); finishing the current iteration and saving (send it again to quit at once)");
        _source.Cancel();
    }
}
