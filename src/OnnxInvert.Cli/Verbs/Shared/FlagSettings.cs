using System.Reflection;
using CommandLine;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The job settings of the inversion flags, read from the flags themselves: every <see cref="OptionAttribute"/>
/// property <see cref="InversionFlags"/> declares, in declaration order, named by its long name (dashes as
/// underscores) with its value after <see cref="InvertPreset.Apply{T}"/>. summary.json, compare.json and the run
/// folder's fingerprint all come from this one list.
/// </summary>
internal static class FlagSettings
{
    private static readonly (PropertyInfo Property, string Name, bool ShapesResults)[] Flags =
    [
        .. typeof(InversionFlags).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(f => f.Option is not null)
            .OrderBy(f => f.Property.MetadataToken)
            .Select(f => (f.Property, f.Option!.LongName.Replace('-', '_'), f.Property.GetCustomAttribute<FlagSettingAttribute>()?.ShapesResults ?? true)),
    ];

    /// <summary>The settings <paramref name="flags"/> describe.</summary>
    public static JobSettings Of(InversionFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var settings = new JobSettings();
        foreach (var (property, name, shapesResults) in Flags)
        {
            settings.Add(name, property.GetValue(flags), shapesResults);
        }

        return settings;
    }
}
