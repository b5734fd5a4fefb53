using Tessera.Binlog.Events;

namespace Tessera.Binlog.Rows;

/// Walks the rows of one rows event, decoding each image into caller-provided value spans
/// (no allocation per row). Values point into the event body: valid as long as it is.
public ref struct RowsEventReader
{
    private readonly ReadOnlyMemory<byte> body;
    private readonly TableMap table;
    private int offset;

    public RowsEventReader(RowsEventHeader header, ReadOnlyMemory<byte> body, TableMap table)
    {
        if (header.ColumnCount > table.Columns.Count)
            throw new BinlogException($"rows event has {header.ColumnCount} columns, table map of {table} only {table.Columns.Count}");
        Header = header;
        this.body = body;
        this.table = table;
        offset = header.RowsOffset;
    }

    public RowsEventHeader Header { get; }

    public readonly bool HasMore => offset < body.Length;

    /// Reads the next row. Insert fills `after`, delete `before`, update both; each span must
    /// hold at least ColumnCount values. Columns not in an image come back as Missing.
    public bool ReadRow(Span<BinlogValue> before, Span<BinlogValue> after)
    {
        if (offset >= body.Length)
            return false;
        var span = body.Span;
        switch (Header.Kind)
        {
            case RowChangeKind.Insert:
                ReadImage(span[Header.BeforeBitmapOffset..], after);
                break;
            case RowChangeKind.Delete:
                ReadImage(span[Header.BeforeBitmapOffset..], before);
                break;
            default:
                ReadImage(span[Header.BeforeBitmapOffset..], before);
                ReadImage(span[Header.AfterBitmapOffset..], after);
                break;
        }
        return true;
    }

    private void ReadImage(ReadOnlySpan<byte> present, Span<BinlogValue> values)
    {
        var count = Header.ColumnCount;
        if (values.Length < count)
            throw new ArgumentException($"need room for {count} values", nameof(values));
        var span = body.Span;
        var presentCount = 0;
        for (var i = 0; i < count; i++)
        {
            if ((present[i >> 3] & (1 << (i & 7))) != 0)
                presentCount++;
        }
        var nullBytes = (presentCount + 7) / 8;
        if (offset + nullBytes > span.Length)
            throw new BinlogException($"row image of {table} truncated in its null bitmap");
        var nulls = span.Slice(offset, nullBytes);
        offset += nullBytes;
        var columns = table.ColumnArray;
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            if ((present[i >> 3] & (1 << (i & 7))) == 0)
            {
                values[i] = default;
                continue;
            }
            if ((nulls[n >> 3] & (1 << (n & 7))) != 0)
            {
                values[i] = BinlogValue.Null(columns[i]);
            }
            else
            {
                values[i] = ValueDecoder.Decode(columns[i], body[offset..], span[offset..], out var size);
                offset += size;
            }
            n++;
        }
        for (var i = count; i < values.Length; i++)
            values[i] = default;
    }
}
