using OnnxInvert.Cli.Commands.Invert;

namespace OnnxInvert.Cli.Tests.Commands.Invert;

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

    [Fact]
    public void AtomicWriter_ReplacesTheFile_AndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("onnxinvert-atomic-").FullName;
        try
        {
            string path = Path.Combine(dir, "a.txt");
            AtomicWriter.WriteText(path, "first");
            AtomicWriter.WriteText(path, "second");
            Assert.Throws<InvalidOperationException>(() => AtomicWriter.Write(path, _ => throw new InvalidOperationException("boom")));

            Assert.Equal("second", File.ReadAllText(path));
            Assert.Equal(["a.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
