using System.Text;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Tables;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Tables;

/// <summary>The appended metrics.csv: the text of the whole table once ordered, and a resume that trusts only the committed bytes.</summary>
public sealed class MetricsLogTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static ResultRow Row(int index) =>
        new(index, index == 2 ? "odd, \"name\"\nwith a line break" : $"img-{index}.png", 0.5 / (index + 1), 0.25, 0.01 * (index + 1), 0.1, 20 + index, 10, index % 2 == 0, 0, 0, index == 1, 10 + index, 1.5 * index);

    internal static string Whole(IEnumerable<int> indices) =>
        ResultRow.CsvHeader + "\n" + string.Concat(indices.Order().Select(i => Row(i).ToCsv() + "\n"));

    [Fact]
    public void RowsAppendedOutOfOrder_AreOrderedIntoTheWholeTable_AndReadBack()
    {
        string path = _temp.File("metrics.csv");
        using var log = MetricsLog.Create(path, 5);
        foreach (int i in new[] { 3, 0, 2 })
        {
            log.Append(Row(i));
        }

        log.Commit();
        Assert.Equal([Row(0), Row(2), Row(3)], log.Rows());
        log.Order();
        log.Append(Row(4));
        long bytes = log.Commit();

        Assert.Equal(Whole([0, 2, 3, 4]), File.ReadAllText(path));
        Assert.Equal(new FileInfo(path).Length, bytes);
        Assert.True(log.IsDone(2));
        Assert.False(log.IsDone(1));
        Assert.Throws<InvalidOperationException>(() => log.Append(Row(3)));
        Assert.Equal([Row(0), Row(2), Row(3), Row(4)], new MetricsRows(path, 4));
    }

    [Fact]
    public void Resume_CutsATornTailAfterTheCommittedBytes_AndAppendsFromThere()
    {
        string path = _temp.File("metrics.csv");
        long committed;
        using (var log = MetricsLog.Create(path, 4))
        {
            log.Append(Row(1));
            log.Append(Row(2));
            committed = log.Commit();
            log.Append(Row(0)); // appended, never committed
        }

        string torn = Row(3).ToCsv();
        File.AppendAllText(path, torn[..(torn.Length / 2)], new UTF8Encoding(false)); // killed mid-row

        using (var log = MetricsLog.Resume(path, 4, committed, 2, i => Row(i).Source))
        {
            Assert.Equal(committed, new FileInfo(path).Length);
            Assert.Equal(2, log.Count);
            Assert.False(log.IsDone(0));
            log.Append(Row(0));
            log.Append(Row(3));
            log.Commit();
            log.Order();
        }

        Assert.Equal(Whole([0, 1, 2, 3]), File.ReadAllText(path));
    }

    [Fact]
    public void Resume_RefusesWhatDoesNotFitTheState()
    {
        string path = _temp.File("metrics.csv");
        long committed;
        using (var log = MetricsLog.Create(path, 3))
        {
            log.Append(Row(1));
            committed = log.Commit();
        }

        Assert.Throws<InvalidDataException>(() => MetricsLog.Resume(path, 3, committed + 10, 1, i => Row(i).Source)); // shorter than committed
        Assert.Throws<InvalidDataException>(() => MetricsLog.Resume(path, 3, committed, 2, i => Row(i).Source)); // fewer rows than the state lists
        Assert.Throws<InvalidDataException>(() => MetricsLog.Resume(path, 3, committed, 1, i => "another image"));
        Assert.Throws<InvalidDataException>(() => MetricsLog.Resume(path, 1, committed, 1, i => Row(i).Source)); // index outside the images
        Assert.Throws<InvalidDataException>(() => MetricsLog.Resume(_temp.File("none.csv"), 3, committed, 1, i => Row(i).Source));
    }
}
