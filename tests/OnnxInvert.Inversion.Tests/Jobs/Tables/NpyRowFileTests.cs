using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs.Tables;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Tables;

/// <summary>The in-place .npy table: the same bytes as the whole array written at once, and only a file of its exact layout is taken up.</summary>
public sealed class NpyRowFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RowsWrittenInPlace_InAnyOrder_GiveTheBytesOfTheWholeArrayWithZerosForPendingRows()
    {
        string path = _temp.File("t.npy");
        using (var table = NpyRowFile.Create(path, 4, [2, 3]))
        {
            table.Write(3, [6, 5, 4, 3, 2, 1]);
            table.Write(0, [1, 2, 3, 4, 5, 6]);
            table.Commit();
        }

        float[] whole = [1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 5, 4, 3, 2, 1];
        string expected = _temp.File("whole.npy");
        NpyFile.Write(expected, NpyArray.Create<float>(whole, [4, 2, 3]));
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_TakesUpTheRowsWritten_AndRefusesAFileOfAnotherShapeOrSize()
    {
        string path = _temp.File("t.npy");
        using (var table = NpyRowFile.Create(path, 3, [2]))
        {
            table.Write(1, [7, 8]);
        }

        using (var again = NpyRowFile.Open(path, 3, [2]))
        {
            var row = new float[2];
            again.Read(1, row);
            Assert.Equal([7f, 8f], row);
        }

        Assert.Throws<InvalidDataException>(() => NpyRowFile.Open(path, 4, [2]));
        Assert.Throws<InvalidDataException>(() => NpyRowFile.Open(path, 3, [3]));
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 2); // torn
        }

        var ex = Assert.Throws<InvalidDataException>(() => NpyRowFile.Open(path, 3, [2]));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
