using System.Globalization;
using OnnxInvert.Cli.Verbs.Compare;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>
/// <c>onnxinvert report DIR...</c>: one self-contained HTML page with a section per <c>invert</c> or <c>compare</c>
/// output folder (settings, target | reconstruction grid, error histogram, loss curves).
/// </summary>
internal static class ReportCommand
{
    public static int Run(ReportOptions options, TextWriter output)
    {
        string[] folders = [.. options.Folders];
        var sections = new List<string>(folders.Length);
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"{folder}: no such folder");
            }

            string heading = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            sections.Add(
                ComparisonSection.Is(folder) ? ComparisonSection.Render(folder, $"comparison: {heading}")
                : RunSection.Is(folder) ? RunSection.Render(folder, $"inversion: {heading}")
                : throw new FileNotFoundException($"{folder}: neither an invert output folder ({RunSection.SummaryFile}) nor a compare output folder ({CompareCommand.JsonFile})"));
        }

        string made = string.Create(CultureInfo.InvariantCulture, $"onnxinvert {VersionScreen.ToolVersion(withCommit: false)}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, from {string.Join(", ", folders)}");
        string page = ReportPage.Render(options.Title, sections, made);
        string? parent = Path.GetDirectoryName(Path.GetFullPath(options.Out));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        AtomicFile.WriteText(options.Out, page);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {options.Out}: {sections.Count} section(s), {page.Length / 1024.0:F0} kB"));
        return ExitCodes.Ok;
    }
}
