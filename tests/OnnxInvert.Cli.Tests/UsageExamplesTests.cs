using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests;

/// <summary>Every example printed in a verb's help runs as printed (with its files redirected to a temp folder).</summary>
public sealed class UsageExamplesTests : IDisposable
{
    private static readonly HashSet<string> OutputOptions = ["--out", "-o", "--save-latents"];

    /// <summary>Folders another verb's example writes and an example reads, made here by a quick run of that verb (the output path is appended).</summary>
    private static readonly Dictionary<string, string[]> MadeByOtherExamples = new()
    {
        ["inverted"] = ["invert", "-m", RepoPaths.MnistModel, "-i", Path.Combine(RepoPaths.Root, "onnx-models", "samples", "mnist"), "--steps", "1", "-o"],
    };

    private readonly TempFolder _temp = new();

    public static TheoryData<string> ExampleLines() => new(PrintedExamples());

    private static IEnumerable<string> PrintedExamples() =>
        from verb in new[] { "info", "sample", "grad", "check-grad", "invert", "compare", "report" }
        from line in CliRunner.Run("help", verb).Output.Split('\n')
        where line.StartsWith("    onnxinvert ", StringComparison.Ordinal)
        select line.Trim();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ExampleLines_CoverEveryVerb()
    {
        var verbs = PrintedExamples().Select(line => CliRunner.Split(line)[1]).ToHashSet();

        Assert.Equal(["check-grad", "compare", "grad", "info", "invert", "report", "sample"], verbs.Order());
    }

    [Theory]
    [MemberData(nameof(ExampleLines))]
    public void Example_RunsAsPrinted_ExitsZeroAndWritesItsFiles(string line)
    {
        string[] tokens = CliRunner.Split(line);
        Assert.Equal("onnxinvert", tokens[0]);
        var args = tokens[1..];
        var written = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("onnx-models/", StringComparison.Ordinal))
            {
                args[i] = Path.Combine(RepoPaths.Root, args[i]);
            }
            else if (i > 0 && OutputOptions.Contains(args[i - 1]))
            {
                args[i] = _temp.File(args[i]);
                written.Add(args[i]);
            }
            else if (MadeByOtherExamples.TryGetValue(args[i], out var make))
            {
                args[i] = _temp.File(args[i]);
                var made = CliRunner.Run([.. make, args[i]]);
                Assert.True(made.ExitCode == 0, made.Errors);
            }
        }

        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 0, $"'{line}' exited with {result.ExitCode}: {result.Errors}");
        Assert.All(written, path => Assert.True(Path.Exists(path), $"'{line}' did not write {path}"));
    }
}
