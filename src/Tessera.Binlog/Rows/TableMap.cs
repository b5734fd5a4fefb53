using Tessera.Binlog.Events;

namespace Tessera.Binlog.Rows;

/// TABLE_MAP_EVENT decoded: the table id the next row events use, the table's name and columns
/// (https://mariadb.com/kb/en/table_map_event/). Immutable, shared by all rows decoded with it.
public sealed class TableMap
{
    private TableMap(ulong tableId, string schema, string table, ColumnDefinition[] columns)
    {
        TableId = tableId;
        Schema = schema;
        Table = table;
        Columns = columns;
    }

    public ulong TableId { get; }

    public string Schema { get; }

    public string Table { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    internal ColumnDefinition[] ColumnArray => (ColumnDefinition[])Columns;

    /// Index of the column with this name (case-insensitive, as MariaDB compares column names), or -1.
    public int IndexOf(string columnName)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, columnName, StringComparison.OrdinalIgnoreCase))
                return column.Index;
        }
        return -1;
    }

    public override string ToString() => $"{Schema}.{Table} (table id {TableId})";

    public static TableMap Parse(ReadOnlySpan<byte> body, FormatDescriptionEvent format)
    {
        var reader = new EventBodyReader(body);
        var postHeader = format.PostHeaderLength(BinlogEventType.TableMap, 8);
        var tableId = postHeader == 6 ? reader.ReadUInt32() : reader.ReadUInt48();
        reader.Offset = postHeader;
        var schema = reader.ReadString(reader.ReadByte());
        reader.Skip(1);
        var table = reader.ReadString(reader.ReadByte());
        reader.Skip(1);
        var count = reader.ReadPackedLength();
        var types = reader.ReadBytes(count);
        var metadataLength = reader.ReadPackedLength();
        var metadata = new EventBodyReader(reader.ReadBytes(metadataLength));
        var nullBits = reader.ReadBytes((count + 7) / 8);

        var columns = new ColumnDefinition[count];
        for (var i = 0; i < count; i++)
        {
            var binlogType = (ColumnType)types[i];
            var (type, meta) = ReadTypeMetadata(binlogType, ref metadata);
            columns[i] = new ColumnDefinition
            {
                Index = i,
                BinlogType = binlogType,
                Type = type,
                Metadata = meta,
                Nullable = (nullBits[i / 8] & (1 << (i % 8))) != 0,
            };
        }
        if (reader.Remaining > 0)
            OptionalMetadata.Apply(reader.Rest, columns);
        return new TableMap(tableId, schema, table, columns);
    }

    private static (ColumnType Type, ushort Metadata) ReadTypeMetadata(ColumnType type, ref EventBodyReader metadata)
    {
        switch (type)
        {
            case ColumnType.Float or ColumnType.Double or ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or
                ColumnType.LongBlob or ColumnType.Geometry or ColumnType.Json or ColumnType.Time2 or ColumnType.DateTime2 or
                ColumnType.Timestamp2:
                return (type, metadata.ReadByte());
            case ColumnType.VarChar or ColumnType.VarString:
                return (type, metadata.ReadUInt16());
            case ColumnType.NewDecimal or ColumnType.Bit or ColumnType.Decimal:
                {
                    // precision then scale; bits-in-last-byte then whole bytes
                    var first = metadata.ReadByte();
                    return (type, (ushort)((first << 8) | metadata.ReadByte()));
                }
            case ColumnType.String or ColumnType.Enum or ColumnType.Set:
                {
                    var first = metadata.ReadByte();
                    var second = metadata.ReadByte();
                    // CHAR longer than 255 bytes keeps two high length bits inverted in the type byte
                    // (Field_string::save_field_metadata).
                    if (first != 0 && (first & 0x30) != 0x30)
                        return (ColumnType.String, (ushort)(second | (((first & 0x30) ^ 0x30) << 4)));
                    var real = first == 0 ? type : (ColumnType)first;
                    return (real, second);
                }
            default:
                return (type, 0);
        }
    }
}
