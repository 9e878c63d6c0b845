using System.Collections;

namespace OnnxInvert.Inversion.Jobs.Tables;

/// <summary>
/// The rows of a metrics.csv in index order (as a run folder leaves it when a job ends), read from the file each time
/// they are enumerated, so a job's result does not hold a million rows; indexing reads them all once.
/// </summary>
internal sealed class MetricsRows(string path, int count) : IReadOnlyList<ResultRow>
{
    private ResultRow[]? _all;

    public int Count { get; } = count;

    public ResultRow this[int index] => (_all ??= [.. this])[index];

    public IEnumerator<ResultRow> GetEnumerator()
    {
        if (_all is not null)
        {
            foreach (var row in _all)
            {
                yield return row;
            }

            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long header = System.Text.Encoding.UTF8.GetByteCount(ResultRow.CsvHeader) + 1;
        int read = 0;
        foreach (var (offset, length) in CsvRecords.Scan(stream, header, stream.Length))
        {
            if (read++ == Count)
            {
                yield break;
            }

            yield return ResultRow.FromCsv(CsvRecords.Read(stream, offset, length));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
