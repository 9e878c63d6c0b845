using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class ResultRowTests
{
    [Fact]
    public void ToCsv_HasOneFieldPerHeaderColumn_QuotesSourcesAndRoundTripsNumbers()
    {
        var row = new ResultRow(3, "dir,with \"comma\"/a.png", 0.1, 0.0, 1.0 / 3, 0.25, double.NaN, 17, true, 1, 2, true, 40, 1.5);

        string csv = row.ToCsv();

        Assert.Equal("3,\"dir,with \"\"comma\"\"/a.png\",0.1,0,0.3333333333333333,0.25,NaN,17,true,1,2,true,40,1.5,false", csv);
        Assert.Equal(15, ResultRow.CsvHeader.Split(',').Length);
    }

    [Fact]
    public void FromCsv_ReadsBackWhatToCsvWrote_TheCutShortFlagIncluded()
    {
        var row = new ResultRow(5, "a.png", 0.5, 0.0, 1e-4, 0.01, 40.0, 900, false, 2, 0, true, 2900, 12.25, CutShort: true);

        Assert.Equal(row, ResultRow.FromCsv(row.ToCsv()));
        Assert.Equal(row with { CutShort = false }, ResultRow.FromCsv((row with { CutShort = false }).ToCsv()));
    }
}
