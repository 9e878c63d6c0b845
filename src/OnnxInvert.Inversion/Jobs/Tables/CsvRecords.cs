namespace OnnxInvert.Inversion.Jobs.Tables;

/// <summary>
/// Where the records of a CSV file lie, found by scanning its bytes a block at a time (never the whole file in memory):
/// a record ends at a line feed outside quotes, so a quoted field may hold line breaks. The quote byte never occurs
/// inside a multi-byte UTF-8 character, so scanning bytes is exact.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The (offset, length without the line feed) of each record in bytes [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="stream"/>; a last record without its line feed is not given.</summary>
    public static IEnumerable<(long Offset, int Length)> Scan(Stream stream, long start, long end)
    {
        var buffer = new byte[1 << 16];
        bool quoted = false;
        long recordStart = start;
        long position = start;
        while (position < end)
        {
            stream.Position = position;
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, end - position));
            if (read == 0)
            {
                yield break;
            }

            for (int k = 0; k < read; k++)
            {
                byte b = buffer[k];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n' && !quoted)
                {
                    long at = position + k;
                    yield return (recordStart, checked((int)(at - recordStart)));
                    recordStart = at + 1;
                }
            }

            position += read;
        }
    }

    /// <summary>The text of the record at <paramref name="offset"/> of <paramref name="length"/> bytes.</summary>
    public static string Read(Stream stream, long offset, int length)
    {
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
