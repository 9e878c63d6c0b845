using CommandLine;
using CommandLine.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

[Verb("report", HelpText = "Write one self-contained HTML page (images embedded, inline CSS and SVG, nothing loaded from elsewhere) for invert or compare output folders: settings, target | reconstruction grid, per-image error histogram, loss curves.")]
internal sealed class ReportOptions
{
    /// <summary>Sets every option to its declared default (<see cref="OptionDefaults"/>).</summary>
    public ReportOptions() => OptionDefaults.Apply(this);

    [Value(0, MetaName = "DIR", Min = 1, Required = true, HelpText = "invert --out or compare --out folders, one section each.")]
    public IEnumerable<string> Folders { get; set; } = [];

    [Option('o', "out", Default = "report.html", HelpText = "The HTML file to write.")]
    public string Out { get; set; } = null!;

    [Option("title", Default = "OnnxInvert report", HelpText = "The page's title.")]
    public string Title { get; set; } = null!;

    [Usage(ApplicationAlias = "onnxinvert")]
    public static IEnumerable<Example> Examples =>
    [
        new("A page for the folder the invert example writes", new ReportOptions { Folders = ["inverted"], Out = "digits.html" }),
    ];
}
