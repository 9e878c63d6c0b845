using System.Globalization;
using System.Text;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The one description of a job's settings: an ordered list of named values. <c>summary.json</c> lists every entry,
/// a comparison's <c>compare.json</c> too, and a run folder's fingerprint is derived from the entries that shape the
/// results, so a folder is only resumed with the settings that made it. A command line fills it from its flags; a
/// library caller adds what it varies.
/// </summary>
public sealed class JobSettings
{
    private readonly List<JobSetting> _entries = [];

    /// <summary>The entries, in the order they were added.</summary>
    public IReadOnlyList<JobSetting> Entries => _entries;

    /// <summary>Adds a setting; returns this instance.</summary>
    /// <exception cref="ArgumentException">The name is empty or already taken, or the value is not a string, number, boolean or null.</exception>
    public JobSettings Add(string name, object? value, bool shapesResults = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_entries.Exists(e => e.Name == name))
        {
            throw new ArgumentException($"the job setting '{name}' is given twice", nameof(name));
        }

        if (value is not (null or string or bool or int or long or float or double))
        {
            throw new ArgumentException($"the job setting '{name}' must be a string, number, boolean or null; got {value.GetType().Name}", nameof(value));
        }

        _entries.Add(new JobSetting(name, value, shapesResults));
        return this;
    }

    /// <summary>The entries that shape the results as one invariant text (the settings part of a run folder's fingerprint).</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries.Where(e => e.ShapesResults))
        {
            text.Append(entry.Name).Append('=').Append(Format(entry.Value)).Append(';');
        }

        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
