using CommandLine;
using OnnxInvert.Autodiff;
using OnnxInvert.Cli.Messages;
using OnnxInvert.Cli.Verbs.CheckGrad;
using OnnxInvert.Cli.Verbs.Compare;
using OnnxInvert.Cli.Verbs.Grad;
using OnnxInvert.Cli.Verbs.Info;
using OnnxInvert.Cli.Verbs.Invert;
using OnnxInvert.Cli.Verbs.Merge;
using OnnxInvert.Cli.Verbs.Report;
using OnnxInvert.Cli.Verbs.Sample;
using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli;

/// <summary>The <c>onnxinvert</c> entry point: parses the verb, validates its options, runs it, maps failures to exit codes.</summary>
internal static class Program
{
    /// <summary>The option types of every verb, in the order help lists them.</summary>
    public static readonly Type[] Verbs = [typeof(InfoOptions), typeof(SampleOptions), typeof(GradOptions), typeof(CheckGradOptions), typeof(InvertOptions), typeof(CompareOptions), typeof(MergeOptions), typeof(ReportOptions), typeof(ServeOptions)];

    public static int Main(string[] args)
    {
        using var interruption = new Interruption(Console.Error);
        return Run(args, Console.Out, Console.Error, interruption.Token);
    }

    /// <summary>
    /// Runs the CLI with explicit streams (tests call this directly); <paramref name="cancellationToken"/> stops long
    /// verbs, keeping what they finished. Everything written to the streams names library settings by their flags
    /// (<see cref="SettingFlags"/>).
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        output = new FlagNamingWriter(output);
        errors = new FlagNamingWriter(errors);
        using var parser = CreateParser();
        var result = parser.ParseArguments(args, Verbs);
        if (result is Parsed<object> parsed && Problems(FlagConflicts.Find(parsed.Value, args), errors) is int conflict)
        {
            return conflict;
        }

        try
        {
            return result.MapResult(
                (InfoOptions o) => Invalid(o, errors) ?? InfoCommand.Run(o, output, errors),
                (SampleOptions o) => Invalid(o, errors) ?? SampleCommand.Run(o, output, errors),
                (GradOptions o) => Invalid(o, errors) ?? GradCommand.Run(o, output, errors),
                (CheckGradOptions o) => Invalid(o, errors) ?? CheckGradCommand.Run(o, output, errors),
                (InvertOptions o) => Invalid(InvertPreset.Apply(o), errors) ?? InvertCommand.Run(o, output, errors, cancellationToken),
                (ReportOptions o) => ReportCommand.Run(o, output),
                (ServeOptions o) => Invalid(o, errors) ?? ServeCommand.Run(o, output, errors, cancellationToken),
                (MergeOptions o) => MergeCommand.Run(o, output),
                (CompareOptions o) => Invalid(InvertPreset.Apply(o), errors) ?? CompareCommand.Run(o, output, errors, cancellationToken),
                parseErrors => HelpScreen.Show(new HelpRequest(args, result, parseErrors.ToArray(), Reparse), output, errors));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.WriteLine(result.Value is InvertOptions or CompareOptions { Out: not null }
                ? "onnxinvert: interrupted; the images finished so far are saved: rerun the same command with --resume to continue"
                : "onnxinvert: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (UsageException ex)
        {
            errors.WriteLine($"onnxinvert: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is OnnxModelException or GradientBuildException or OrtException or ImageFormatException
            or FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException or FormatException
            or InvalidOperationException or NotSupportedException or DllNotFoundException)
        {
            errors.WriteLine($"onnxinvert: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            errors.WriteLine($"onnxinvert: unexpected error, please report it with the command line: {ex}");
            return ExitCodes.Failure;
        }

        ParserResult<object> Reparse(string[] again) => parser.ParseArguments(again, Verbs);
    }

    /// <summary>The parser every verb uses (the service parses request options with it too).</summary>
    internal static Parser CreateParser() => new(settings =>
    {
        settings.HelpWriter = null;
        settings.CaseInsensitiveEnumValues = true;
        settings.AllowMultiInstance = true;
    });

    /// <summary>Writes every problem <see cref="CommonOptions.Validate"/> finds; <see cref="ExitCodes.Usage"/> if any, else null.</summary>
    private static int? Invalid(CommonOptions options, TextWriter errors) => Problems(options.Validate(), errors);

    /// <summary>Writes every problem; <see cref="ExitCodes.Usage"/> if any, else null.</summary>
    private static int? Problems(IEnumerable<string> found, TextWriter errors)
    {
        string[] problems = found.ToArray();
        foreach (string problem in problems)
        {
            errors.WriteLine($"onnxinvert: {problem}");
        }

        return problems.Length == 0 ? null : ExitCodes.Usage;
    }
}
