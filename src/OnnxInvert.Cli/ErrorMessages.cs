using System.Reflection;
using CommandLine;
using CommandLine.Text;

namespace OnnxInvert.Cli;

/// <summary>One-line descriptions of CommandLineParser's errors, naming the option and what it accepts.</summary>
internal static class ErrorMessages
{
    /// <summary>Describes <paramref name="error"/> for the verb options type <paramref name="verb"/> given <paramref name="args"/>.</summary>
    public static string Describe(Error error, Type verb, string[] args) => error switch
    {
        MissingRequiredOptionError { NameInfo: var name } when name.Equals(NameInfo.EmptyName) =>
            $"the {RequiredValueName(verb)} argument is required",
        MissingRequiredOptionError e => $"{Dashed(e.NameInfo)} is required",
        UnknownOptionError e => $"unknown option '{(e.Token.Length == 1 ? "-" : "--")}{e.Token}'; the options are: {OptionNames(verb)}",
        BadFormatConversionError e when OutOfRange(verb, e.NameInfo, args) is string range => $"{Dashed(e.NameInfo)}{Given(e.NameInfo, args)} is {range}",
        BadFormatConversionError e => $"{Dashed(e.NameInfo)}{Given(e.NameInfo, args)} is not {Expected(verb, e.NameInfo)}",
        MissingValueOptionError e => $"{Dashed(e.NameInfo)} needs a value",
        RepeatedOptionError e => $"{Dashed(e.NameInfo)} is given more than once",
        BadVerbSelectedError e => $"unknown verb '{e.Token}'; the verbs are: {HelpScreen.VerbNames()}",
        BadFormatTokenError e => $"'{e.Token}' is not valid here",
        _ => SentenceBuilder.Create().FormatError(error),
    };

    private static string Dashed(NameInfo name) => name.LongName.Length > 0 ? $"--{name.LongName}" : $"-{name.ShortName}";

    private static string RequiredValueName(Type verb) =>
        verb.GetProperties().Select(p => p.GetCustomAttribute<ValueAttribute>()).FirstOrDefault(v => v is { Required: true })?.MetaName ?? "positional";

    private static string OptionNames(Type verb) => string.Join(", ", verb.GetProperties()
        .Select(p => p.GetCustomAttribute<OptionAttribute>())
        .OfType<OptionAttribute>()
        .Select(o => $"--{o.LongName}")
        .Append("--help"));

    /// <summary>"too large (at most ...)" or "too small (at least ...)" when a whole-number option got a whole number its type cannot hold; else null.</summary>
    private static string? OutOfRange(Type verb, NameInfo name, string[] args)
    {
        var type = OptionType(verb, name);
        string value = Given(name, args).Trim().Trim('\'');
        if ((type != typeof(int) && type != typeof(long)) || !System.Numerics.BigInteger.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var (min, max) = type == typeof(int) ? ((System.Numerics.BigInteger)int.MinValue, (System.Numerics.BigInteger)int.MaxValue) : (long.MinValue, long.MaxValue);
        return number > max ? $"too large (at most {max})" : number < min ? $"too small (at least {min})" : null;
    }

    private static Type? OptionType(Type verb, NameInfo name)
    {
        var type = verb.GetProperties()
            .FirstOrDefault(p => p.GetCustomAttribute<OptionAttribute>()?.LongName == name.LongName)?.PropertyType;
        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>" 'abc'" when the value given to the option can be found in the arguments.</summary>
    private static string Given(NameInfo name, string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if ((arg == $"--{name.LongName}" || (name.ShortName.Length > 0 && arg == $"-{name.ShortName}")) && i + 1 < args.Length)
            {
                return $" '{args[i + 1]}'";
            }

            if (arg.StartsWith($"--{name.LongName}=", StringComparison.Ordinal))
            {
                return $" '{arg[(name.LongName.Length + 3)..]}'";
            }
        }

        return string.Empty;
    }

    private static string Expected(Type verb, NameInfo name)
    {
        var type = OptionType(verb, name);
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) => "a number (e.g. 0.5 or 1e-6)",
            { IsEnum: true } => $"one of: {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}",
            _ => "a valid value",
        };
    }
}
