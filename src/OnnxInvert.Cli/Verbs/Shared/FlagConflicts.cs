using System.Collections;
using System.Reflection;
using CommandLine;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// Problems of a command line that parsing resolves silently: a single-valued flag given more than once (the parser
/// keeps the last; only list flags such as <c>--ort-config</c> may repeat) and flags that contradict each other
/// (<c>--prior none</c> with a <c>--prior-mode</c> that needs a prior). Checked before presets fill in defaults, so only
/// what the user typed counts.
/// </summary>
internal static class FlagConflicts
{
    /// <summary>One message per problem of <paramref name="args"/>, parsed into <paramref name="options"/>.</summary>
    public static IEnumerable<string> Find(object options, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        foreach (var option in SingleValued(options.GetType()))
        {
            int count = args.TakeWhile(a => a != "--").Count(a => Names(option, a));
            if (count > 1)
            {
                yield return $"--{option.LongName} is given {count} times; give it once";
            }
        }

        if (options is InversionFlags flags && flags.Prior.Any(p => string.Equals(p.Trim(), "none", StringComparison.OrdinalIgnoreCase))
            && flags.PriorMode is string mode && !mode.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) && !mode.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"--prior none leaves no prior for --prior-mode {mode} to apply; drop one of them";
        }
    }

    private static IEnumerable<OptionAttribute> SingleValued(Type verb) => verb.GetProperties()
        .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
        .Where(p => p.Option is not null && (p.Property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(p.Property.PropertyType)))
        .Select(p => p.Option!);

    private static bool Names(OptionAttribute option, string arg) =>
        arg == $"--{option.LongName}" || arg.StartsWith($"--{option.LongName}=", StringComparison.Ordinal)
        || (!string.IsNullOrEmpty(option.ShortName) && arg == $"-{option.ShortName}");
}
