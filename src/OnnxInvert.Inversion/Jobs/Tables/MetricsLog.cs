using System.Globalization;
using System.Text;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Tables;

/// <summary>
/// A run folder's <c>metrics.csv</c>, appended a row at a time as images finish, so neither the rows nor the file are
/// ever rewritten per image. What it keeps per image is where its row lies (an offset and a length), nothing else.
/// <see cref="Commit"/> flushes the appended rows to the disk and gives the byte length that the folder's state then
/// records; <see cref="Resume"/> cuts the file back to that length (a torn or uncommitted tail goes) before appending
/// again. <see cref="Order"/> rewrites the file in index order once, when rows finished out of order.
/// </summary>
internal sealed class MetricsLog : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly long[] _offset;
    private readonly int[] _length;
    private FileStream _stream;
    private long _end;
    private int _last = -1;
    private bool _ordered = true;

    private MetricsLog(string path, FileStream stream, int images)
    {
        Path = path;
        _stream = stream;
        _offset = new long[images];
        _length = new int[images];
        Array.Fill(_offset, -1L);
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Rows in the file.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the header line.</summary>
    private static int HeaderBytes => Utf8.GetByteCount(ResultRow.CsvHeader) + 1;

    /// <summary>Creates (replacing) <paramref name="path"/> with the header alone, for <paramref name="images"/> images.</summary>
    public static MetricsLog Create(string path, int images)
    {
        var log = new MetricsLog(path, OpenStream(path, FileMode.Create), images);
        log._stream.Write(Utf8.GetBytes(ResultRow.CsvHeader + "\n"));
        log._end = HeaderBytes;
        return log;
    }

    /// <summary>
    /// Takes up <paramref name="path"/> as a committed state left it: cut to <paramref name="committedBytes"/>, which
    /// must hold <paramref name="finished"/> rows, each of an image below <paramref name="images"/> whose source is
    /// <paramref name="name"/> of its index, none twice.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is missing, shorter than committed, or its rows do not fit; the message names the file and the row.</exception>
    public static MetricsLog Resume(string path, int images, long committedBytes, int finished, Func<int, string> name)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} is missing");
        }

        var log = new MetricsLog(path, OpenStream(path, FileMode.Open), images);
        try
        {
            log.TakeUp(committedBytes, finished, name);
            return log;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Whether image <paramref name="index"/> has its row.</summary>
    public bool IsDone(int index) => _offset[index] >= 0;

    /// <summary>Appends the row of a finished image (it must not have one yet).</summary>
    public void Append(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (IsDone(row.Index))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Path}: image {row.Index} has a row already"));
        }

        byte[] bytes = Utf8.GetBytes(row.ToCsv() + "\n");
        _stream.Position = _end;
        _stream.Write(bytes);
        Place(row.Index, _end, bytes.Length - 1);
        _end += bytes.Length;
    }

    /// <summary>Flushes the appended rows to the disk; returns the file's length, which a state may now record as committed.</summary>
    public long Commit()
    {
        _stream.Flush(flushToDisk: true);
        return _end;
    }

    /// <summary>The rows, in index order (read back from the file one at a time).</summary>
    public IEnumerable<ResultRow> Rows()
    {
        for (int i = 0; i < _offset.Length; i++)
        {
            if (_offset[i] >= 0)
            {
                yield return ResultRow.FromCsv(CsvRecords.Read(_stream, _offset[i], _length[i]));
            }
        }
    }

    /// <summary>When rows were appended out of index order, rewrites the file (atomically) with them in index order.</summary>
    public void Order()
    {
        if (_ordered)
        {
            return;
        }

        long end = HeaderBytes;
        var offsets = new long[_offset.Length];
        AtomicFile.Write(Path, target =>
        {
            target.Write(Utf8.GetBytes(ResultRow.CsvHeader + "\n"));
            var buffer = Array.Empty<byte>();
            for (int i = 0; i < _offset.Length; i++)
            {
                offsets[i] = -1;
                if (_offset[i] < 0)
                {
                    continue;
                }

                int length = _length[i] + 1;
                if (buffer.Length < length)
                {
                    buffer = new byte[Math.Max(length, buffer.Length * 2)];
                }

                _stream.Position = _offset[i];
                _stream.ReadExactly(buffer, 0, length);
                target.Write(buffer, 0, length);
                offsets[i] = end;
                end += length;
            }
        });
        _stream.Dispose();
        _stream = OpenStream(Path, FileMode.Open);
        offsets.CopyTo(_offset, 0);
        _end = end;
        _ordered = true;
        _last = _offset.Length - 1;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    private static FileStream OpenStream(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    private void Place(int index, long offset, int length)
    {
        _offset[index] = offset;
        _length[index] = length;
        _ordered &= index > _last;
        _last = Math.Max(_last, index);
        Count++;
    }

    private void TakeUp(long committedBytes, int finished, Func<int, string> name)
    {
        if (_stream.Length < committedBytes || committedBytes < HeaderBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Path} is {_stream.Length} bytes; the state committed {committedBytes}"));
        }

        if (_stream.Length > committedBytes)
        {
            _stream.SetLength(committedBytes); // a row appended after the last commit (maybe torn by a kill) goes
        }

        if (CsvRecords.Read(_stream, 0, HeaderBytes - 1) != ResultRow.CsvHeader)
        {
            throw new InvalidDataException($"{Path}: the header is not '{ResultRow.CsvHeader}'");
        }

        int line = 1;
        foreach (var (offset, length) in CsvRecords.Scan(_stream, HeaderBytes, committedBytes))
        {
            line++;
            ResultRow row;
            try
            {
                row = ResultRow.FromCsv(CsvRecords.Read(_stream, offset, length));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Path}:{line}: {ex.Message}"), ex);
            }

            if (row.Index < 0 || row.Index >= _offset.Length || IsDone(row.Index) || row.Source != name(row.Index))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Path}:{line}: the row of image {row.Index} ('{row.Source}') is outside the {_offset.Length} images, repeated, or of another image"));
            }

            Place(row.Index, offset, length);
        }

        _end = committedBytes;
        if (Count != finished)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Path} holds {Count} committed rows; the state lists {finished}"));
        }
    }
}
