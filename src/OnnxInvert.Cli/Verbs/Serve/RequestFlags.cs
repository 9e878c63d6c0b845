using CommandLine;
using OnnxInvert.Cli.Messages;
using OnnxInvert.Cli.Verbs.Invert;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Runtime;
using OnnxInvert.Server;

namespace OnnxInvert.Cli.Verbs.Serve;

/// <summary>
/// Request options for <c>serve</c>, validated by the code that validates <c>invert</c>'s flags: each option becomes
/// <c>--name=value</c> (underscores as dashes) on an <c>invert</c> command line that the CLI's own parser reads, the
/// preset is applied and the flags are validated and built as <c>invert</c> does. A repeated option's values (one a
/// line) become repeated flags (<c>prior</c> NAME=SPEC, <c>input</c> NAME=NUMBER). Options that name files or the
/// machine (model, images, out, mask, init files, runtime settings, batch) are refused: no request reaches the file system.
/// </summary>
internal sealed class RequestFlags(SessionSettings session) : IRequestOptionsParser
{
    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "model", "images", "out", "resume", "latent", "output", "range", "mask", "batch", "ort-lib", "provider", "threads", "ort-profile", "ort-optimization", "ort-config", "help", "version",
    };

    private static readonly HashSet<string> Switches = new(StringComparer.OrdinalIgnoreCase) { "resize" };

    public InversionOptions Parse(IReadOnlyDictionary<string, string> options, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string> { "invert", "--model", "-", "--images", "-", "--out", "-" };
        foreach (var (name, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            string flag = name.Replace('_', '-');
            if (flag.Length == 0 || flag.StartsWith('-') || !flag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw new RequestOptionsException($"'{name}' is not an option name (use the long flags of invert without dashes, e.g. steps, prior_mode)");
            }

            if (Refused.Contains(flag))
            {
                throw new RequestOptionsException($"option '{name}' cannot be set on a request to the service");
            }

            if (Switches.Contains(flag))
            {
                if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    args.Add($"--{flag}");
                }

                continue;
            }

            foreach (string item in value.Split(IRequestOptionsParser.RepeatSeparator))
            {
                if (flag.Equals("input", StringComparison.OrdinalIgnoreCase) && ModelFlags.Split(item) is { } input
                    && !double.TryParse(input.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    throw new RequestOptionsException($"input {input.Name}={input.Value}: on the service a condition value is a number (files are not read from requests)");
                }

                args.Add($"--{flag}={item}");
            }
        }

        using var parser = Program.CreateParser();
        var parsed = parser.ParseArguments<InvertOptions>(args.Skip(1));
        if (parsed is not Parsed<InvertOptions> { Value: { } flags })
        {
            throw new RequestOptionsException(Describe(((NotParsed<InvertOptions>)parsed).Errors));
        }

        string init = flags.Init.Trim().ToLowerInvariant();
        if (init is not ("prior" or "sample" or "mean"))
        {
            throw new RequestOptionsException($"init must be prior or mean on the service (files and encoders are not read from requests); got '{flags.Init}'");
        }

        try
        {
            InvertPreset.Apply(flags);
            string[] problems = [.. flags.Validate()];
            if (problems.Length > 0)
            {
                throw new RequestOptionsException(OptionNames(string.Join("; ", problems)));
            }

            flags.Batch = batchSize;
            var (prior, none, _) = PriorFlag.ParseAll(flags.Prior);
            return InvertSettings.Build(flags, prior, none, session);
        }
        catch (UsageException ex)
        {
            throw new RequestOptionsException(OptionNames(ex.Message), ex);
        }
    }

    /// <summary>A library message in the service's option names: the CLI's flag for each library setting, then each flag as its option name.</summary>
    public string Describe(string message) => OptionNames(SettingFlags.Rephrase(message));

    /// <summary>Every <c>--flag-name</c> in <paramref name="message"/> as the request option <c>flag_name</c>.</summary>
    private static string OptionNames(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, "(?<![\\w-])--([a-z][a-z0-9-]*)", m => m.Groups[1].Value.Replace('-', '_'));

    private static string Describe(IEnumerable<Error> errors) => string.Join("; ", errors.Select(error => error switch
    {
        UnknownOptionError unknown => $"unknown option '{unknown.Token.Replace('-', '_')}'",
        BadFormatConversionError bad => $"option '{bad.NameInfo.LongName.Replace('-', '_')}' has a value of the wrong type",
        MissingValueOptionError missing => $"option '{missing.NameInfo.LongName.Replace('-', '_')}' needs a value",
        RepeatedOptionError repeated => $"option '{repeated.NameInfo.LongName.Replace('-', '_')}' is given twice",
        _ => error.Tag.ToString(),
    }));
}
