using Tessera.Binlog.Events;

namespace Tessera.Binlog.Rows;

/// The fixed part of WRITE/UPDATE/DELETE_ROWS (v1 as MariaDB writes them, v2 as MySQL does):
/// table id, flags, the column count and the bitmaps of columns present in each image.
/// https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_v1/
public readonly struct RowsEventHeader
{
    /// STMT_END_F: last row event of its statement; table maps may be dropped after it.
    public const ushort StatementEndFlag = 0x0001;

    private RowsEventHeader(RowChangeKind kind, ulong tableId, ushort flags, int columnCount, int beforeBitmap, int afterBitmap, int rowsOffset)
    {
        Kind = kind;
        TableId = tableId;
        Flags = flags;
        ColumnCount = columnCount;
        BeforeBitmapOffset = beforeBitmap;
        AfterBitmapOffset = afterBitmap;
        RowsOffset = rowsOffset;
    }

    public RowChangeKind Kind { get; }

    public ulong TableId { get; }

    public ushort Flags { get; }

    public int ColumnCount { get; }

    /// Offsets in the body of the present-columns bitmap of the before image (delete/update)
    /// or the only image (insert), and of the after image (update).
    internal int BeforeBitmapOffset { get; }

    internal int AfterBitmapOffset { get; }

    internal int RowsOffset { get; }

    /// For a *_COMPRESSED event: the body with its rows inflated, ready for RowsEventReader
    /// (same offsets as the header says). Other events: the body as it is.
    public static ReadOnlyMemory<byte> Inflate(BinlogEventType type, RowsEventHeader header, ReadOnlyMemory<byte> body) =>
        type.IsCompressedRows() ? CompressedPayload.Decompress(body.Span[..header.RowsOffset], body.Span[header.RowsOffset..]) : body;

    public static RowsEventHeader Parse(BinlogEventType type, ReadOnlySpan<byte> body, FormatDescriptionEvent format)
    {
        var kind = type switch
        {
            BinlogEventType.WriteRowsV1 or BinlogEventType.WriteRowsV2 or BinlogEventType.WriteRowsCompressedV1 or BinlogEventType.WriteRowsCompressed => RowChangeKind.Insert,
            BinlogEventType.UpdateRowsV1 or BinlogEventType.UpdateRowsV2 or BinlogEventType.UpdateRowsCompressedV1 or BinlogEventType.UpdateRowsCompressed => RowChangeKind.Update,
            BinlogEventType.DeleteRowsV1 or BinlogEventType.DeleteRowsV2 or BinlogEventType.DeleteRowsCompressedV1 or BinlogEventType.DeleteRowsCompressed => RowChangeKind.Delete,
            _ => throw new BinlogException($"{type} is not a rows event"),
        };
        var v2 = type is BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2 or
            BinlogEventType.WriteRowsCompressed or BinlogEventType.UpdateRowsCompressed or BinlogEventType.DeleteRowsCompressed;
        var postHeader = format.PostHeaderLength(type, v2 ? 10 : 8);
        var reader = new EventBodyReader(body);
        var tableId = postHeader == 6 ? reader.ReadUInt32() : reader.ReadUInt48();
        var flags = reader.ReadUInt16();
        reader.Offset = postHeader;
        if (v2)
        {
            // extra-data length counts its own two bytes
            var extra = reader.ReadUInt16();
            reader.Skip(Math.Max(0, extra - 2));
        }
        var columnCount = reader.ReadPackedLength();
        var bitmapLength = (columnCount + 7) / 8;
        var before = reader.Offset;
        reader.Skip(bitmapLength);
        var after = before;
        if (kind == RowChangeKind.Update)
        {
            after = reader.Offset;
            reader.Skip(bitmapLength);
        }
        return new RowsEventHeader(kind, tableId, flags, columnCount, before, after, reader.Offset);
    }
}
