using CommandLine;
using CommandLine.Text;
using OnnxInvert.Autodiff;
using OnnxInvert.Cli.Commands;
using OnnxInvert.Cli.Options;
using OnnxInvert.Imaging;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli;

/// <summary>The <c>onnxinvert</c> entry point: parses the verb, runs it, maps failures to exit codes.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the CLI with explicit streams (tests call this directly).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
        });
        var result = parser.ParseArguments<InfoOptions, SampleOptions, GradOptions, CheckGradOptions, InvertOptions>(args);
        try
        {
            return result.MapResult(
                (InfoOptions o) => InfoCommand.Run(o, output),
                (SampleOptions o) => SampleCommand.Run(o, output, errors),
                (GradOptions o) => GradCommand.Run(o, output, errors),
                (CheckGradOptions o) => CheckGradCommand.Run(o, output, errors),
                (InvertOptions o) => InvertCommand.Run(o, output, errors),
                parseErrors => Help(result, parseErrors, output, errors));
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
    }

    private static int Help<T>(ParserResult<T> result, IEnumerable<Error> parseErrors, TextWriter output, TextWriter errors)
    {
        var list = parseErrors.ToArray();
        bool asked = list.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
        var help = HelpText.AutoBuild(result, h =>
        {
            h.Heading = "onnxinvert — project images into the latent space of ONNX generators";
            h.Copyright = string.Empty;
            h.AddDashesToOption = true;
            h.AdditionalNewLineAfterOption = false;
            return HelpText.DefaultParsingErrorsHandler(result, h);
        }, e => e);
        (asked ? output : errors).WriteLine(help);
        return asked ? ExitCodes.Ok : ExitCodes.Usage;
    }
}
