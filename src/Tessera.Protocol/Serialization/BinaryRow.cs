using System.Buffers.Binary;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Serialization;

/// Binary result rows: 0x00, a NULL bitmap with an offset of 2 bits, then the non-NULL values
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row).
public static class BinaryRow
{
    public static int NullBitmapLength(int columnCount) => (columnCount + 7 + 2) / 8;

    public static void Decode(ReadOnlySpan<byte> row, IReadOnlyList<ColumnDefinition> columns, Span<object?> values)
    {
        var reader = new PayloadReader(row);
        if (reader.ReadByte() != 0x00) MySqlProtocolException.ThrowMalformed("binary row header");
        var bitmap = reader.ReadBytes(NullBitmapLength(columns.Count));
        for (var i = 0; i < columns.Count; i++)
        {
            var bit = i + 2;
            if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0)
            {
                values[i] = null;
                continue;
            }
            var column = columns[i];
            var rest = row[reader.Offset..];
            var size = BinaryValue.SizeOf(column.Type, rest);
            var value = reader.ReadBytes(size);
            values[i] = DecodeValue(column, value);
        }
    }

    public static object DecodeValue(ColumnDefinition column, ReadOnlySpan<byte> value)
    {
        var unsigned = column.IsUnsigned;
        switch (column.Type)
        {
            case ColumnType.Tiny:
                return unsigned ? (ulong)value[0] : (long)(sbyte)value[0];
            case ColumnType.Short:
                return unsigned ? (ulong)BinaryPrimitives.ReadUInt16LittleEndian(value) : (long)BinaryPrimitives.ReadInt16LittleEndian(value);
            case ColumnType.Year:
                return unsigned ? (ulong)BinaryPrimitives.ReadUInt16LittleEndian(value) : (long)BinaryPrimitives.ReadUInt16LittleEndian(value);
            case ColumnType.Long or ColumnType.Int24:
                return unsigned ? (ulong)BinaryPrimitives.ReadUInt32LittleEndian(value) : (long)BinaryPrimitives.ReadInt32LittleEndian(value);
            case ColumnType.LongLong:
                return unsigned ? BinaryPrimitives.ReadUInt64LittleEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
            case ColumnType.Float:
                return BinaryPrimitives.ReadSingleLittleEndian(value);
            case ColumnType.Double:
                return BinaryPrimitives.ReadDoubleLittleEndian(value);
            case ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.NewDate or ColumnType.Time:
                using (var text = new PacketWriter(64))
                {
                    BinaryValue.WriteText(column.Type, unsigned, value, text);
                    return TextValue.Decode(column, text.Written.Span);
                }
            default:
                return TextValue.Decode(column, BinaryValue.Content(column.Type, value));
        }
    }
}
