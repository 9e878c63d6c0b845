using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// Prints progress with the ETA and the live mean loss: on a terminal a single progress bar redrawn in place with
/// <c>\r</c> (at most every 200 ms); otherwise plain log lines, at most one every 2 s unless another tenth of the work
/// is done (so short runs still log at 10%, 20%, ...); the report that finishes the last image is always shown. Reports arrive on the inverting thread and are printed
/// synchronously. The text comes from <see cref="ProgressFormat"/>.
/// </summary>
internal sealed class ProgressPrinter : IProgress<InversionProgress>
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly int _total;
    private readonly TimeProvider _time;
    private readonly string _label;
    private long _last;
    private bool _printed;
    private int _lastTenth = -1;
    private bool _pendingNewline;

    /// <summary>A printer for <paramref name="total"/> images of which <paramref name="alreadyDone"/> were finished before; lines start with <paramref name="label"/>.</summary>
    public ProgressPrinter(TextWriter writer, bool terminal, int alreadyDone, int total, TimeProvider? time = null, string label = "invert")
    {
        _label = label;
        _writer = writer;
        _terminal = terminal;
        AlreadyDone = alreadyDone;
        _total = total;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Images finished before this run (a resumed job's), counted into the progress shown.</summary>
    public int AlreadyDone { get; set; }

    public void Report(InversionProgress value)
    {
        int tenth = (int)Math.Floor(ProgressFormat.Fraction(value, AlreadyDone, _total) * 10);
        bool finished = AlreadyDone + value.CompletedImages >= _total;
        bool due = !_printed || finished || _time.GetElapsedTime(_last) >= (_terminal ? TerminalInterval : PlainInterval);
        if (!due && (_terminal || tenth <= _lastTenth))
        {
            return;
        }

        _printed = true;
        _last = _time.GetTimestamp();
        _lastTenth = tenth;
        if (_terminal)
        {
            _writer.Write($"\r{ProgressFormat.Bar(value, AlreadyDone, _total, _label)}\u001b[K");
            _pendingNewline = true;
        }
        else
        {
            _writer.WriteLine(ProgressFormat.Line(value, AlreadyDone, _total, _label));
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
}
