using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Cli.Verbs.Compare;
using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Cli.Tests.Verbs.Compare;

public sealed class ComparisonTableTests
{
    private static readonly ComparisonRow[] Rows =
    [
        Scored("a.onnx", [0.01, 0.02, 0.03]),
        Scored("b.onnx", [0.001, 0.002, 0.003]),
        new ComparisonRow { Model = "c.onnx", Error = "unsupported op 'Foo', \"quoted\"" },
    ];

    [Fact]
    public void Text_MarksTheBestScoredModel_AndListsTheFailedOnesWithTheirErrors()
    {
        string[] lines = ComparisonTable.Text(Rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(6, lines.Length);
        Assert.StartsWith("model", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("a.onnx", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("* b.onnx", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("c.onnx", lines[4], StringComparison.Ordinal);
        Assert.Contains("FAILED", lines[4], StringComparison.Ordinal);
        Assert.Equal("FAILED c.onnx: unsupported op 'Foo', \"quoted\"", lines[5]);
        Assert.Equal(lines[0].Length, lines[2].Length);
    }

    [Fact]
    public void Csv_HasAsManyFieldsInEveryRowAsInTheHeader_AndQuotesTheError()
    {
        string[] lines = ComparisonTable.Csv(Rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        int fields = ComparisonTable.CsvHeader.Split(',').Length;
        Assert.Equal(4, lines.Length);
        Assert.Equal(fields, lines[1].Split(',').Length);
        Assert.Equal(fields, lines[2].Split(',').Length);
        Assert.StartsWith("c.onnx,,,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",\"unsupported op 'Foo', \"\"quoted\"\"\"", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_GivesFiguresOrAnError()
    {
        var root = JsonDocument.Parse(ComparisonTable.Json(Rows, new JsonObject { ["steps"] = 5 })).RootElement;

        Assert.Equal(5, root.GetProperty("settings").GetProperty("steps").GetInt32());
        var models = root.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(0.002, models[1].GetProperty("mse").GetProperty("mean").GetDouble(), 12);
        Assert.Equal(3, models[1].GetProperty("images").GetInt32());
        Assert.Equal("unsupported op 'Foo', \"quoted\"", models[2].GetProperty("error").GetString());
        Assert.False(models[2].TryGetProperty("mse", out _));
    }

    private static ComparisonRow Scored(string model, double[] mse) => new()
    {
        Model = model,
        Prior = "uniform",
        Score = new ModelScore
        {
            Model = model,
            Mse = ErrorSummary.Of(mse),
            Mae = ErrorSummary.Of([.. mse.Select(Math.Sqrt)]),
            Psnr = ErrorSummary.Of([.. mse.Select(m => -10 * Math.Log10(m))]),
            Failed = 0,
            WallSeconds = 1.5,
        },
    };
}
