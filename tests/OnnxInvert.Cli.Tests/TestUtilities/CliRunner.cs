namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>What one <see cref="Program.Run"/> call exited with and wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Errors)
{
    /// <summary>The non-empty lines written to the error writer.</summary>
    public string[] ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the CLI in-process with raw argv and captured writers.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        int code = Program.Run(args, output, errors);
        return new CliResult(code, output.ToString(), errors.ToString());
    }

    /// <summary>Runs a command line given as one string, split on spaces (arguments here never contain spaces).</summary>
    public static CliResult RunLine(string line) => Run(Split(line));

    public static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
