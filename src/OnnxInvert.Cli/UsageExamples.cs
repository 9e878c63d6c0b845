using System.Reflection;
using CommandLine;
using CommandLine.Text;

namespace OnnxInvert.Cli;

/// <summary>
/// Renders a verb's [Usage] examples as copy-pasteable lines: never wrapped, options left at their defaults omitted,
/// and the positional MODEL right after the verb (so a repeatable option before it cannot swallow it).
/// </summary>
internal static class UsageExamples
{
    /// <summary>The examples of the options type <paramref name="verbType"/>: a description line, then the command line.</summary>
    public static IEnumerable<string> Render(Type verbType)
    {
        var property = verbType.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(p => p.GetCustomAttribute<UsageAttribute>() is not null);
        if (property?.GetValue(null) is not IEnumerable<Example> examples)
        {
            yield break;
        }

        foreach (var example in examples)
        {
            yield return $"  {example.HelpText}:";
            yield return $"    {CommandLine(example.Sample)}";
        }
    }

    /// <summary>The command line (without the leading <c>onnxinvert</c>) that parses into <paramref name="sample"/>.</summary>
    public static string CommandLine(object sample)
    {
        string[] tokens = Parser.Default.FormatCommandLineArgs(sample, s => s.SkipDefault = true);
        int values = sample.GetType().GetProperties()
            .Count(p => p.GetCustomAttribute<ValueAttribute>() is not null && p.GetValue(sample) is string { Length: > 0 });

        // FormatCommandLineArgs gives [verb, options..., values...]; values go first so sequences cannot absorb them.
        string[] ordered = [tokens[0], .. tokens[^values..], .. tokens[1..^values]];
        return "onnxinvert " + string.Join(' ', ordered.Select(t => t.Contains(' ', StringComparison.Ordinal) ? $"\"{t}\"" : t));
    }
}
