using System.Buffers.Binary;

namespace Tessera.Binlog.Rows;

/// Decodes one column value of a row image (the Field::unpack formats of MariaDB's sql/field.cc,
/// described at https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_v1/).
internal static class ValueDecoder
{
    /// Decodes the value of `column` at the start of `span` (== `memory`), returning its size.
    public static BinlogValue Decode(ColumnDefinition column, ReadOnlyMemory<byte> memory, ReadOnlySpan<byte> span, out int size)
    {
        switch (column.Type)
        {
            case ColumnType.Tiny:
                size = Need(span, 1, column);
                return column.Unsigned ? Unsigned(column, span[0]) : Signed(column, (sbyte)span[0]);
            case ColumnType.Short:
                size = Need(span, 2, column);
                return column.Unsigned ? Unsigned(column, BinaryPrimitives.ReadUInt16LittleEndian(span)) : Signed(column, BinaryPrimitives.ReadInt16LittleEndian(span));
            case ColumnType.Int24:
                {
                    size = Need(span, 3, column);
                    var value = span[0] | (span[1] << 8) | (span[2] << 16);
                    return column.Unsigned ? Unsigned(column, (uint)value) : Signed(column, (value << 8) >> 8);
                }
            case ColumnType.Long:
                size = Need(span, 4, column);
                return column.Unsigned ? Unsigned(column, BinaryPrimitives.ReadUInt32LittleEndian(span)) : Signed(column, BinaryPrimitives.ReadInt32LittleEndian(span));
            case ColumnType.LongLong:
                size = Need(span, 8, column);
                return column.Unsigned
                    ? new BinlogValue(BinlogValueKind.UInt64, column, BinaryPrimitives.ReadInt64LittleEndian(span))
                    : Signed(column, BinaryPrimitives.ReadInt64LittleEndian(span));
            case ColumnType.Float:
                size = Need(span, 4, column);
                return BinlogValue.FromFloat(column, span);
            case ColumnType.Double:
                size = Need(span, 8, column);
                return BinlogValue.FromDouble(column, BinaryPrimitives.ReadDoubleLittleEndian(span));
            case ColumnType.NewDecimal:
                size = Need(span, DecimalCodec.BinarySize(column.Precision, column.Scale), column);
                return new BinlogValue(BinlogValueKind.Decimal, column, 0, memory[..size]);
            case ColumnType.Year:
                size = Need(span, 1, column);
                return new BinlogValue(BinlogValueKind.Year, column, span[0] == 0 ? 0 : 1900 + span[0]);
            case ColumnType.Bit:
                {
                    var bytes = (column.Metadata & 0xFF) + ((column.Metadata >> 8) > 0 ? 1 : 0);
                    size = Need(span, bytes, column);
                    ulong value = 0;
                    for (var i = 0; i < bytes; i++)
                        value = (value << 8) | span[i];
                    return new BinlogValue(BinlogValueKind.Bit, column, (long)value);
                }
            case ColumnType.Enum:
                size = Need(span, column.Metadata, column);
                return new BinlogValue(BinlogValueKind.Enum, column, size == 1 ? span[0] : BinaryPrimitives.ReadUInt16LittleEndian(span));
            case ColumnType.Set:
                {
                    size = Need(span, column.Metadata, column);
                    ulong mask = 0;
                    for (var i = size - 1; i >= 0; i--)
                        mask = (mask << 8) | span[i];
                    return new BinlogValue(BinlogValueKind.Set, column, (long)mask);
                }
            case ColumnType.String:
                {
                    var value = LengthPrefixed(column, memory, span, column.Metadata > 255 ? 2 : 1, BinlogValueKind.Bytes, out size);
                    // BINARY(n) is logged without its trailing 0x00 padding; the stored value has it.
                    // (Only known with charset metadata; CHAR's trailing spaces are not part of the value.)
                    return column.Collation == Collations.Binary ? PadBinary(value, column) : value;
                }
            case ColumnType.VarChar or ColumnType.VarString:
                return LengthPrefixed(column, memory, span, column.Metadata > 255 ? 2 : 1, BinlogValueKind.Bytes, out size);
            case ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Json:
                return LengthPrefixed(column, memory, span, column.Metadata, BinlogValueKind.Bytes, out size);
            case ColumnType.Geometry:
                return LengthPrefixed(column, memory, span, column.Metadata, BinlogValueKind.Geometry, out size);
            case ColumnType.Null:
                size = 0;
                return BinlogValue.Null(column);
            default:
                return TemporalDecoder.Decode(column, span, out size);
        }
    }

    private static BinlogValue Signed(ColumnDefinition column, long value) => new(BinlogValueKind.Int64, column, value);

    private static BinlogValue Unsigned(ColumnDefinition column, ulong value) => new(BinlogValueKind.UInt64, column, (long)value);

    private static BinlogValue LengthPrefixed(ColumnDefinition column, ReadOnlyMemory<byte> memory, ReadOnlySpan<byte> span, int prefix, BinlogValueKind kind, out int size)
    {
        Need(span, prefix, column);
        var length = prefix switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            3 => span[0] | (span[1] << 8) | (span[2] << 16),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span) is var l && l <= int.MaxValue ? (int)l : throw new BinlogException($"column {column}: length {l} too large"),
            _ => throw new BinlogException($"column {column}: unsupported length prefix of {prefix} bytes"),
        };
        size = Need(span, prefix + length, column);
        return new BinlogValue(kind, column, 0, memory.Slice(prefix, length));
    }

    private static BinlogValue PadBinary(BinlogValue value, ColumnDefinition column)
    {
        var bytes = value.GetBytes();
        if (bytes.Length >= column.Metadata)
            return value;
        var padded = new byte[column.Metadata];
        bytes.Span.CopyTo(padded);
        return new BinlogValue(BinlogValueKind.Bytes, column, 0, padded);
    }

    internal static int Need(ReadOnlySpan<byte> span, int size, ColumnDefinition column) =>
        span.Length >= size ? size : throw new BinlogException($"row image truncated in column {column}: needs {size} bytes, {span.Length} left");
}
