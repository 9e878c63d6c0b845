using System.Globalization;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>invert's curve.csv: the batch's mean loss per iteration, thinned evenly on long runs.</summary>
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

    [Theory]
    [InlineData(LossCurve.MaxRows - 1)]
    [InlineData(10_007)]
    [InlineData(1_000_000)]
    public void LongRun_IsThinnedEvenly_KeepsFirstAndLastIteration(int iterations)
    {
        var curve = new LossCurve();
        for (long i = 1; i <= iterations; i++)
        {
            curve.Add(new InversionProgress(i, 0, 1, 1, 1.0 / i, i, iterations, 0, TimeSpan.Zero));
        }

        curve.Write(_work.File(string.Empty));
        var rows = InvertWorkspace.Csv(_work.File(LossCurve.FileName)).Skip(1).Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ToArray();

        Assert.InRange(rows.Length, Math.Min(iterations, LossCurve.MaxRows / 2), LossCurve.MaxRows);
        Assert.Equal(1, rows[0]);
        Assert.Equal(iterations, rows[^1]);
        long stride = rows[1] - rows[0];
        Assert.All(rows.Skip(1).SkipLast(1).Zip(rows.Skip(2).SkipLast(1)), pair => Assert.Equal(stride, pair.Second - pair.First));
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
