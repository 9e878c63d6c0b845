using System.Globalization;

namespace OnnxInvert.Autodiff;

/// <summary>
/// Forwards progress notes of a long graph build ("backward pass 5,000/20,000 nodes") to a caller's callback: phase
/// changes always, per-node steps at most every <see cref="StepInterval"/> nodes, so a caller can show progress on
/// graphs with tens of thousands of nodes without being flooded.
/// </summary>
public sealed class BuildProgress
{
    private readonly Action<string> _notice;

    /// <summary>Wraps <paramref name="notice"/>, which receives one line per note.</summary>
    public BuildProgress(Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        _notice = notice;
    }

    /// <summary>Generators of at least this many nodes are large: verbs show the phases of building their gradient graph (builds of smaller ones are quick and stay quiet).</summary>
    public const int LargeGraphNodes = 2000;

    /// <summary>Per-node steps are reported every this many nodes.</summary>
    public const int StepInterval = 2000;

    /// <summary>Reports a phase.</summary>
    public void Report(string note) => _notice(note);

    /// <summary>Reports step <paramref name="done"/> of <paramref name="total"/> of <paramref name="phase"/> when it is a multiple of <see cref="StepInterval"/>.</summary>
    public void Step(string phase, int done, int total)
    {
        if (done % StepInterval == 0 && done < total)
        {
            _notice(string.Create(CultureInfo.InvariantCulture, $"{phase}: {done:N0}/{total:N0} nodes"));
        }
    }

    /// <summary>A progress reporter around <paramref name="notice"/>, or null when there is none.</summary>
    internal static BuildProgress? From(Action<string>? notice) => notice is null ? null : new BuildProgress(notice);
}
