using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// Prints progress with the ETA and the live mean loss: one rewritten status line on a terminal, else a plain log
/// line at most every <c>interval</c>. Reports arrive on the inverting thread and are printed synchronously.
/// </summary>
internal sealed class ProgressPrinter : IProgress<InversionProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly TimeSpan _interval;
    private readonly int _alreadyDone;
    private readonly int _total;
    private long _last;
    private bool _pendingNewline;

    public ProgressPrinter(TextWriter writer, bool terminal, int alreadyDone, int total)
    {
        _writer = writer;
        _terminal = terminal;
        _interval = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
        _alreadyDone = alreadyDone;
        _total = total;
    }

    public void Report(InversionProgress value)
    {
        if (_last != 0 && Stopwatch.GetElapsedTime(_last) < _interval)
        {
            return;
        }

        _last = Stopwatch.GetTimestamp();
        string eta = value.Remaining is { } r ? Format(r) : "?";
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"invert: {_alreadyDone + value.CompletedImages}/{_total} images, {value.ActiveSamples} in batch, iteration {value.Iteration}, mean loss {value.MeanLoss:G5}, elapsed {Format(value.Elapsed)}, ETA {eta}");
        if (_terminal)
        {
            _writer.Write($"\r{line}\u001b[K");
            _pendingNewline = true;
        }
        else
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>Ends the status line on a terminal.</summary>
    public void Finish()
    {
        if (_pendingNewline)
        {
            _writer.WriteLine();
            _pendingNewline = false;
        }
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
