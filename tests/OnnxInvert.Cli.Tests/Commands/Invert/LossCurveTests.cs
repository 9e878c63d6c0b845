using OnnxInvert.Cli.Commands.Invert;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Commands.Invert;

/// <summary>invert's curve.csv: the batch's mean loss after every iteration.</summary>
public sealed class LossCurveTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Invert_WritesOneCurveRowPerIteration_AndTheLossFalls()
    {
        var result = _work.Invert("out", "--steps", "30", "--batch", "2", "--optimizer", "adam", "--lr", "0.05", "--loss", "mse");
        string dir = _work.File("out");

        Assert.True(result.ExitCode == 0, result.Errors);
        var csv = InvertWorkspace.Csv(Path.Combine(dir, LossCurve.FileName));
        Assert.Equal(LossCurve.CsvHeader.Split(','), csv[0]);
        long iterations = InvertWorkspace.Summary(dir).GetProperty("iterations").GetInt64();
        Assert.Equal(iterations, csv.Length - 1);
        Assert.Equal("1", csv[1][0]);

        var points = LossCurve.Read(Path.Combine(dir, LossCurve.FileName));
        Assert.NotEmpty(points);
        Assert.True(points[^1].MeanLoss < points[0].MeanLoss, $"loss {points[0].MeanLoss} -> {points[^1].MeanLoss}");
    }

    [Fact]
    public void Read_AnotherCsv_IsAFormatErrorNamingTheFile()
    {
        string path = _work.File("other.csv");
        File.WriteAllText(path, "a,b\n1,2\n");

        var ex = Assert.Throws<FormatException>(() => LossCurve.Read(path));

        Assert.Contains("other.csv", ex.Message, StringComparison.Ordinal);
    }
}
