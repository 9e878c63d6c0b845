using System.Globalization;
using System.Reflection;
using CommandLine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// Sets every option property to its <c>Default</c> (of its <see cref="OptionAttribute"/>), so the attribute (which help prints) is the
/// one place a default is written: options built in code get the same values as parsed ones.
/// </summary>
internal static class OptionDefaults
{
    /// <summary>Sets each property of <paramref name="options"/> whose option declares a default to that default.</summary>
    public static void Apply(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<OptionAttribute>()?.Default is { } value && property.CanWrite)
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                property.SetValue(options, type.IsInstanceOfType(value) ? value : Convert.ChangeType(value, type, CultureInfo.InvariantCulture));
            }
        }
    }
}
