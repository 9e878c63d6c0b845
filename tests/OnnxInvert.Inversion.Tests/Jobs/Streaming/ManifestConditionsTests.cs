using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Streaming;

/// <summary>A CSV manifest's condition columns give each image its own condition rows.</summary>
public sealed class ManifestConditionsTests : IDisposable
{
    private const int Images = 6;

    private readonly TempFolder _temp = new();
    private readonly ConditionalInversion _model = new();

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void CsvLabels_GiveTheResultsOfTheSameLabelsAsOptionRows()
    {
        var labels = ConditionalInversion.Labels(Images);
        string csv = WriteCsv("path,y", i => $"{Image(i)},{labels.Values[i]}");
        using var byRows = Inverter.Create(_model.Generator, Options(ConditionValue.FromRows([.. labels.Values], Images)));
        var source = TargetSource.Open(csv, new TargetFormat(byRows.ImageShape, _model.Generator.OutputRange));
        var expected = byRows.Invert(source.Read([.. Enumerable.Range(0, Images)])).Select(ResultRow.From).ToDictionary(r => r.Index);
        using var byCsv = Inverter.Create(_model.Generator, Options(ConditionValue.Scalar(0)));

        var rows = new InversionJob { Generator = _model.Generator, Inverter = byCsv, Targets = source }.Run().Rows;

        Assert.Equal(["y"], source.ConditionColumns);
        Assert.Equal(Images, rows.Count);
        Assert.All(rows, r => Assert.Equal(expected[r.Index] with { Seconds = 0 }, r with { Seconds = 0 }));
        Assert.Contains(rows, r => labels.Values[r.Index] != 0); // so the default label 0 alone would not give these rows
    }

    [Fact]
    public void UnknownColumn_IsRefused_NamingTheFileAndColumn()
    {
        string csv = WriteCsv("path,z", i => $"{Image(i)},1");
        var error = Assert.Throws<FormatException>(() => Run(csv));
        Assert.Contains("list.csv:1: column 'z' names no condition input", error.Message, StringComparison.Ordinal);
        Assert.Contains("y", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueThatDoesNotFitTheInput_IsRefused_NamingTheLineAndColumn()
    {
        string csv = WriteCsv("path,y", i => $"{Image(i)},{(i == 3 ? "0.5" : "1")}");
        var error = Assert.Throws<FormatException>(() => Run(csv));
        Assert.Contains("list.csv:5: column 'y':", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueThatIsNoNumber_IsRefusedWhenOpened_NamingTheLineAndColumn()
    {
        string csv = WriteCsv("y,path", i => $"{(i == 1 ? "two" : "1")},{Image(i)}");
        var error = Assert.Throws<FormatException>(() => TargetSource.Open(csv, new TargetFormat([1, 4, 4], _model.Generator.OutputRange)));
        Assert.Equal($"{csv}:3: column 'y': 'two' is not a finite number", error.Message);
    }

    private void Run(string csv)
    {
        using var inverter = Inverter.Create(_model.Generator, Options(ConditionValue.Scalar(0)));
        var source = TargetSource.Open(csv, new TargetFormat(inverter.ImageShape, _model.Generator.OutputRange));
        new InversionJob { Generator = _model.Generator, Inverter = inverter, Targets = source }.Run();
    }

    private string Image(int i) => Path.Combine("images", $"img{i}.png");

    private string WriteCsv(string header, Func<int, string> line)
    {
        string folder = _temp.File("images");
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        for (int i = 0; i < Images; i++)
        {
            byte[] pixels = [.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))];
            File.WriteAllBytes(Path.Combine(folder, $"img{i}.png"), PngFile.Encode(new DecodedImage($"img{i}", 4, 4, 1, pixels)));
        }

        string csv = _temp.File("list.csv");
        File.WriteAllLines(csv, [header, .. Enumerable.Range(0, Images).Select(line)]);
        return csv;
    }

    private static InversionOptions Options(ConditionValue labels) => new()
    {
        Steps = 20,
        BatchSize = 4,
        Loss = LossKind.Mse,
        Seed = 11,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
    };
}
