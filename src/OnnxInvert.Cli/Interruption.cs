using System.Runtime.InteropServices;

namespace OnnxInvert.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT), SIGTERM (what schedulers and <c>docker stop</c> send) or SIGUSR1 (what Slurm's
/// <c>--signal</c> sends before the time limit) into a cancellation request, so long verbs stop between iterations,
/// keep what they finished and exit with the interrupted code (a shard: the retriable one); a second signal ends the
/// process at once (the first one repeated within 2 s is taken as the same request).
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>SIGUSR1's number on Linux (raw signal numbers are accepted by <see cref="PosixSignalRegistration"/>).</summary>
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    /// <summary>How soon a repeat of the first signal counts as the same request delivered twice.</summary>
    private const long DuplicateMilliseconds = 2000;

    private readonly CancellationTokenSource _source = new();
    private PosixSignal _first;
    private long _firstAt;
    private readonly TextWriter _errors;
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption(TextWriter errors)
    {
        _errors = errors;
        _registrations = OperatingSystem.IsLinux()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle), PosixSignalRegistration.Create(SigUsr1, Handle)]
            : [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
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
            // The same signal again at once is one request delivered twice (Slurm signals every process of a job
            // while its batch script passes the signal on too), not a second request to quit.
            context.Cancel = context.Signal == _first && Environment.TickCount64 - _firstAt < DuplicateMilliseconds;
            return;
        }

        _first = context.Signal;
        _firstAt = Environment.TickCount64;
        context.Cancel = true;
        string name = context.Signal switch
        {
            PosixSignal.SIGTERM => "SIGTERM",
            SigUsr1 => "SIGUSR1",
            _ => "Ctrl-C",
        };
        _errors.WriteLine($"onnxinvert: interrupted ({name}); finishing the current iteration and saving (send it again to quit at once)");
        _source.Cancel();
    }
}
