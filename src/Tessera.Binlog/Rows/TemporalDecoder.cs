using System.Buffers.Binary;

namespace Tessera.Binlog.Rows;

/// DATE, TIME, DATETIME, TIMESTAMP in their old formats and the *2 formats with fractional
/// seconds that MariaDB 10.11 writes by default (mysql56_temporal_format=ON); see
/// sql/compat56.cc for the packed layouts.
internal static class TemporalDecoder
{
    private const long DateTimeIntOffset = 0x8000000000;
    private const int TimeIntOffset = 0x800000;
    private const long TimeOffset = 0x800000000000;

    public static BinlogValue Decode(ColumnDefinition column, ReadOnlySpan<byte> span, out int size)
    {
        switch (column.Type)
        {
            case ColumnType.Date or ColumnType.NewDate:
                {
                    size = ValueDecoder.Need(span, 3, column);
                    var value = span[0] | (span[1] << 8) | (span[2] << 16);
                    return new BinlogValue(BinlogValueKind.Date, column, new MySqlDateTime(value >> 9, (value >> 5) & 0xF, value & 0x1F).Pack());
                }
            case ColumnType.Timestamp:
                size = ValueDecoder.Need(span, 4, column);
                return new BinlogValue(BinlogValueKind.Timestamp, column, BinaryPrimitives.ReadUInt32LittleEndian(span) * 1_000_000L);
            case ColumnType.Timestamp2:
                {
                    size = ValueDecoder.Need(span, 4 + FractionBytes(column), column);
                    var seconds = BinaryPrimitives.ReadUInt32BigEndian(span);
                    return new BinlogValue(BinlogValueKind.Timestamp, column, seconds * 1_000_000L + Fraction(span[4..], column));
                }
            case ColumnType.DateTime:
                {
                    size = ValueDecoder.Need(span, 8, column);
                    var value = BinaryPrimitives.ReadInt64LittleEndian(span);
                    var date = value / 1_000_000;
                    var time = value % 1_000_000;
                    var dateTime = new MySqlDateTime(
                        (int)(date / 10000), (int)(date / 100 % 100), (int)(date % 100),
                        (int)(time / 10000), (int)(time / 100 % 100), (int)(time % 100));
                    if (value < 0 || dateTime.Year > 9999 || dateTime.Month > 12 || dateTime.Day > 31 || dateTime.Hour > 23 || dateTime.Minute > 59 || dateTime.Second > 59)
                        throw OldHighResolution(column);
                    return new BinlogValue(BinlogValueKind.DateTime, column, dateTime.Pack());
                }
            case ColumnType.DateTime2:
                {
                    size = ValueDecoder.Need(span, 5 + FractionBytes(column), column);
                    var packed = ReadBigEndian(span[..5]) - DateTimeIntOffset;
                    var ymd = packed >> 17;
                    var yearMonth = ymd >> 5;
                    var hms = packed & 0x1FFFF;
                    return new BinlogValue(BinlogValueKind.DateTime, column, new MySqlDateTime(
                        (int)(yearMonth / 13), (int)(yearMonth % 13), (int)(ymd & 0x1F),
                        (int)(hms >> 12), (int)((hms >> 6) & 0x3F), (int)(hms & 0x3F), Fraction(span[5..], column)).Pack());
                }
            case ColumnType.Time:
                {
                    size = ValueDecoder.Need(span, 3, column);
                    var value = ((span[0] | (span[1] << 8) | (span[2] << 16)) << 8) >> 8;
                    var magnitude = Math.Abs(value);
                    if (magnitude / 100 % 100 > 59 || magnitude % 100 > 59 || magnitude / 10000 > 838)
                        throw OldHighResolution(column);
                    var seconds = (magnitude / 10000 * 3600) + (magnitude / 100 % 100 * 60) + (magnitude % 100);
                    return new BinlogValue(BinlogValueKind.Time, column, Math.Sign(value) * seconds * 1_000_000L);
                }
            case ColumnType.Time2:
                {
                    var digits = column.FractionalDigits;
                    size = ValueDecoder.Need(span, 3 + FractionBytes(column), column);
                    long packed;
                    long integer = (int)ReadBigEndian(span[..3]) - TimeIntOffset;
                    switch (digits)
                    {
                        case 1 or 2:
                            {
                                long fraction = span[3];
                                if (integer < 0 && fraction != 0)
                                {
                                    integer++;
                                    fraction -= 0x100;
                                }
                                packed = (integer << 24) + (fraction * 10000);
                                break;
                            }
                        case 3 or 4:
                            {
                                long fraction = BinaryPrimitives.ReadUInt16BigEndian(span[3..]);
                                if (integer < 0 && fraction != 0)
                                {
                                    integer++;
                                    fraction -= 0x10000;
                                }
                                packed = (integer << 24) + (fraction * 100);
                                break;
                            }
                        case 5 or 6:
                            packed = ReadBigEndian(span[..6]) - TimeOffset;
                            break;
                        default:
                            packed = integer << 24;
                            break;
                    }
                    var negative = packed < 0;
                    if (negative)
                        packed = -packed;
                    var hms = packed >> 24;
                    var micro = packed & 0xFFFFFF;
                    var total = ((((hms >> 12) & 0x3FF) * 3600) + (((hms >> 6) & 0x3F) * 60) + (hms & 0x3F)) * 1_000_000 + micro;
                    return new BinlogValue(BinlogValueKind.Time, column, negative ? -total : total);
                }
            default:
                throw new BinlogException($"column {column}: type {column.BinlogType} ({(byte)column.BinlogType}) cannot be decoded");
        }
    }

    /// MariaDB 5.3's TIME(n)/DATETIME(n)/TIMESTAMP(n) (mysql56_temporal_format=OFF) are logged
    /// with the old type codes but a longer value and no precision in the metadata: they cannot be
    /// told apart from the binlog alone, so a value that is not a valid old-format one is refused.
    private static BinlogException OldHighResolution(ColumnDefinition column) => new(
        $"column {column}: value is not in the old {column.Type} format; MariaDB 5.3 fractional-second columns cannot be decoded " +
        "from a binlog (rebuild the table with mysql56_temporal_format=ON: ALTER TABLE ... FORCE)");

    private static int FractionBytes(ColumnDefinition column) => (column.FractionalDigits + 1) / 2;

    /// Fractional seconds of the *2 formats: big-endian, 1-3 bytes for 1-2, 3-4, 5-6 digits.
    private static int Fraction(ReadOnlySpan<byte> span, ColumnDefinition column) => FractionBytes(column) switch
    {
        1 => span[0] * 10000,
        2 => BinaryPrimitives.ReadUInt16BigEndian(span) * 100,
        3 => (span[0] << 16) | (span[1] << 8) | span[2],
        _ => 0,
    };

    private static long ReadBigEndian(ReadOnlySpan<byte> span)
    {
        long value = 0;
        foreach (var b in span)
            value = (value << 8) | b;
        return value;
    }
}
