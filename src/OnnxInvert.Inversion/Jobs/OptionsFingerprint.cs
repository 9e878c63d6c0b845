using System.Globalization;
using System.Reflection;
using System.Text;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The engine options as fingerprint text, read from <see cref="InversionOptions"/>' public properties themselves (a
/// new option joins the fingerprint without an edit here). Left out: the batch size and the runtime session, which
/// split the work without changing what each image converges to, and the time budget (how long a run may go on, not
/// what it computes: a folder may be resumed with another); pixel weights enter as a hash of their values.
/// </summary>
internal static class OptionsFingerprint
{
    private static readonly string[] Excluded = [nameof(InversionOptions.BatchSize), nameof(InversionOptions.Session), nameof(InversionOptions.TimeBudget)];

    private static readonly PropertyInfo[] Properties =
        [.. typeof(InversionOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !Excluded.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)];

    public static string Of(InversionOptions options)
    {
        var text = new StringBuilder();
        foreach (var property in Properties)
        {
            text.Append(property.Name).Append('=').Append(Format(property.GetValue(options))).Append(';');
        }

        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        float[] values => string.Create(CultureInfo.InvariantCulture, $"{values.Length}:{Hash(values):x16}"),
        string text => text,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Models.ConditionValue condition => string.Create(CultureInfo.InvariantCulture, $"{condition.Rows}x{condition.RowLength}:{Hash([.. condition.Values.Select(v => (float)v)]):x16}"),
        Constraints.NoiseRegularization noise => string.Create(CultureInfo.InvariantCulture, $"noise({Format(noise.Latents)},{noise.Weight},{noise.Renormalize})"),
        System.Collections.IDictionary map => "{" + string.Join(",", map.Keys.Cast<object>().Select(k => $"{k}={Format(map[k])}").Order(StringComparer.Ordinal)) + "}",
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    private static ulong Hash(float[] values)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float v in values)
        {
            hash = (hash ^ BitConverter.SingleToUInt32Bits(v)) * 1099511628211UL;
        }

        return hash;
    }
}
