using System.Reflection;
using System.Text;
using CommandLine;
using CommandLine.Text;

namespace OnnxInvert.Cli;

/// <summary>
/// What the CLI prints when the arguments do not name a runnable verb: help (exit 0, on the output writer), the
/// version (exit 0), or what was wrong with one line per problem (exit 2, on the error writer).
/// </summary>
internal static class HelpScreen
{
    private const int Width = 100;

    /// <summary>Prints the help, version or errors <paramref name="request"/> calls for; returns the exit code.</summary>
    public static int Show(HelpRequest request, TextWriter output, TextWriter errors)
    {
        var list = request.Errors;
        if (list.Any(e => e.Tag == ErrorType.VersionRequestedError))
        {
            VersionScreen.Write(output);
            return ExitCodes.Ok;
        }

        if (list.OfType<HelpVerbRequestedError>().FirstOrDefault() is { } helpVerb)
        {
            if (helpVerb.Matched)
            {
                output.Write(ForVerb(request.Reparse([helpVerb.Verb, "--help"])));
                return ExitCodes.Ok;
            }

            if (request.Args.Length > 1)
            {
                errors.WriteLine($"onnxinvert: unknown verb '{request.Args[1]}'; the verbs are: {VerbNames()}");
                return ExitCodes.Usage;
            }

            output.Write(VerbIndex());
            return ExitCodes.Ok;
        }

        if (list.Any(e => e.Tag == ErrorType.HelpRequestedError))
        {
            output.Write(ForVerb(request.Result));
            return ExitCodes.Ok;
        }

        if (list.Any(e => e.Tag == ErrorType.NoVerbSelectedError))
        {
            errors.WriteLine($"onnxinvert: no verb given; the verbs are: {VerbNames()}");
            errors.Write(VerbIndex());
            return ExitCodes.Usage;
        }

        var verb = request.Result.TypeInfo.Current;
        foreach (var error in list)
        {
            errors.WriteLine($"onnxinvert: {ErrorMessages.Describe(error, verb, request.Args)}");
        }

        if (verb.GetCustomAttribute<VerbAttribute>() is { } attribute)
        {
            errors.WriteLine($"Run 'onnxinvert help {attribute.Name}' for its options and examples.");
        }

        return ExitCodes.Usage;
    }

    /// <summary>The verbs by name, comma-separated.</summary>
    public static string VerbNames() =>
        string.Join(", ", Program.Verbs.Select(t => t.GetCustomAttribute<VerbAttribute>()!.Name));

    private static string Heading() => $"onnxinvert {VersionScreen.ToolVersion(withCommit: false)} — project images into the latent space of ONNX generators";

    private static string VerbIndex()
    {
        var help = new HelpText(Heading(), string.Empty)
        {
            AddDashesToOption = false,
            AdditionalNewLineAfterOption = false,
            MaximumDisplayWidth = Width,
        };
        help.AddPreOptionsLine("Usage: onnxinvert VERB [options]");
        help.AddVerbs(Program.Verbs);
        help.AddPostOptionsLine("Run 'onnxinvert help VERB' (or 'onnxinvert VERB --help') for a verb's options and examples.");
        return help.ToString() + Environment.NewLine;
    }

    /// <summary>
    /// One verb's help: what it does, its examples (written out whole, never wrapped, so they can be copied), then
    /// its options as CommandLineParser lays them out.
    /// </summary>
    private static string ForVerb(ParserResult<object> result)
    {
        var type = result.TypeInfo.Current;
        var verb = type.GetCustomAttribute<VerbAttribute>()!;
        var text = new StringBuilder();
        text.AppendLine(Heading());
        text.AppendLine();
        text.AppendLine($"onnxinvert {verb.Name}: {verb.HelpText}");
        string[] examples = UsageExamples.Render(type).ToArray();
        if (examples.Length > 0)
        {
            text.AppendLine();
            text.AppendLine("EXAMPLES (from the repository root):");
            foreach (string line in examples)
            {
                text.AppendLine(line);
            }
        }

        var options = new HelpText(string.Empty, string.Empty)
        {
            AddDashesToOption = true,
            AdditionalNewLineAfterOption = false,
            AutoVersion = false,
            MaximumDisplayWidth = Width,
        };
        options.AddOptions(result);
        text.AppendLine();
        text.Append("OPTIONS:");
        text.AppendLine(options.ToString().TrimEnd());
        text.AppendLine();
        return text.ToString();
    }
}
