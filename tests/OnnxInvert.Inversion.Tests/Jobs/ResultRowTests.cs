using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class ResultRowTests
{
    [Fact]
    public void ToCsv_HasOneFieldPerHeaderColumn_QuotesSourcesAndRoundTripsNumbers()
    {
        var row = new ResultRow(3, "dir,with \"comma\"/a.png", 0.1, 0.0, 1.0 / 3, 0.25, double.NaN, 17, true, 1, 2);

        string csv = row.ToCsv();

        Assert.Equal("3,\"dir,with \"\"comma\"\"/a.png\",0.1,0,0.3333333333333333,0.25,NaN,17,true,1,2", csv);
        Assert.Equal(11, ResultRow.CsvHeader.Split(',').Length);
    }
}
