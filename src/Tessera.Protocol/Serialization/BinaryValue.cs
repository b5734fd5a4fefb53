using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Tessera.Protocol.Constants;

namespace Tessera.Protocol.Serialization;

/// Values of the binary protocol (prepared statements), per type
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row_value).
/// Shared by both directions: parameters of COM_STMT_EXECUTE and binary result rows.
internal static class BinaryValue
{
    /// How many bytes a value of this type occupies at the start of data (a length prefix included).
    public static int SizeOf(ColumnType type, ReadOnlySpan<byte> data)
    {
        switch (type)
        {
            case ColumnType.Null:
                return 0;
            case ColumnType.Tiny:
                return 1;
            case ColumnType.Short or ColumnType.Year:
                return 2;
            case ColumnType.Long or ColumnType.Int24 or ColumnType.Float:
                return 4;
            case ColumnType.LongLong or ColumnType.Double:
                return 8;
            case ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time or ColumnType.NewDate:
                if (data.IsEmpty) MySqlProtocolException.ThrowMalformed("temporal value past the end");
                return 1 + data[0];
            default:
                var reader = new PayloadReader(data);
                var length = reader.ReadLengthEncodedInteger();
                if (length > (ulong)reader.Remaining) MySqlProtocolException.ThrowMalformed("string value past the end");
                return reader.Offset + (int)length;
        }
    }

    /// The value's content: fixed-size bytes for numbers and temporals (after the length byte), the bytes of a string.
    public static ReadOnlySpan<byte> Content(ColumnType type, ReadOnlySpan<byte> value) => type switch
    {
        ColumnType.Tiny or ColumnType.Short or ColumnType.Year or ColumnType.Long or ColumnType.Int24 or ColumnType.Float
            or ColumnType.LongLong or ColumnType.Double or ColumnType.Null => value,
        ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time or ColumnType.NewDate => value[1..],
        _ => SkipLength(value),
    };

    private static ReadOnlySpan<byte> SkipLength(ReadOnlySpan<byte> value)
    {
        var reader = new PayloadReader(value);
        return reader.ReadLengthEncodedString();
    }

    /// Converts a binary value (as laid out in the packet, prefix included) to its text form, the
    /// canonical form handlers see. Returns the bytes written to destination.
    public static void WriteText(ColumnType type, bool unsigned, ReadOnlySpan<byte> value, PacketWriter destination)
    {
        Span<byte> scratch = stackalloc byte[64];
        int written;
        switch (type)
        {
            case ColumnType.Tiny:
                Utf8Formatter.TryFormat(unsigned ? value[0] : (long)(sbyte)value[0], scratch, out written);
                break;
            case ColumnType.Short or ColumnType.Year:
                var s = BinaryPrimitives.ReadUInt16LittleEndian(value);
                Utf8Formatter.TryFormat(unsigned || type == ColumnType.Year ? s : (long)(short)s, scratch, out written);
                break;
            case ColumnType.Long or ColumnType.Int24:
                var l = BinaryPrimitives.ReadUInt32LittleEndian(value);
                Utf8Formatter.TryFormat(unsigned ? l : (long)(int)l, scratch, out written);
                break;
            case ColumnType.LongLong:
                var ll = BinaryPrimitives.ReadUInt64LittleEndian(value);
                if (unsigned) Utf8Formatter.TryFormat(ll, scratch, out written);
                else Utf8Formatter.TryFormat((long)ll, scratch, out written);
                break;
            case ColumnType.Float:
                BinaryPrimitives.ReadSingleLittleEndian(value).TryFormat(scratch, out written, "R", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ColumnType.Double:
                BinaryPrimitives.ReadDoubleLittleEndian(value).TryFormat(scratch, out written, "R", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ColumnType.Date or ColumnType.NewDate or ColumnType.DateTime or ColumnType.Timestamp:
                written = FormatDateTime(value, scratch, type is ColumnType.Date or ColumnType.NewDate);
                break;
            case ColumnType.Time:
                written = FormatTime(value, scratch);
                break;
            case ColumnType.Null:
                written = 0;
                break;
            default:
                destination.Write(SkipLength(value));
                return;
        }
        destination.Write(scratch[..written]);
    }

    private static int FormatDateTime(ReadOnlySpan<byte> value, Span<byte> scratch, bool dateOnly)
    {
        var length = value[0];
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micro = 0;
        if (length >= 4)
        {
            year = BinaryPrimitives.ReadUInt16LittleEndian(value[1..]);
            month = value[3];
            day = value[4];
        }
        if (length >= 7)
        {
            hour = value[5];
            minute = value[6];
            second = value[7];
        }
        if (length >= 11) micro = (int)BinaryPrimitives.ReadUInt32LittleEndian(value[8..]);
        var text = dateOnly
            ? $"{year:D4}-{month:D2}-{day:D2}"
            : micro != 0 ? $"{year:D4}-{month:D2}-{day:D2} {hour:D2}:{minute:D2}:{second:D2}.{micro:D6}" : $"{year:D4}-{month:D2}-{day:D2} {hour:D2}:{minute:D2}:{second:D2}";
        return Encoding.ASCII.GetBytes(text, scratch);
    }

    private static int FormatTime(ReadOnlySpan<byte> value, Span<byte> scratch)
    {
        var length = value[0];
        bool negative = false;
        long days = 0;
        int hour = 0, minute = 0, second = 0, micro = 0;
        if (length >= 8)
        {
            negative = value[1] == 1;
            days = BinaryPrimitives.ReadUInt32LittleEndian(value[2..]);
            hour = value[6];
            minute = value[7];
            second = value[8];
        }
        if (length >= 12) micro = (int)BinaryPrimitives.ReadUInt32LittleEndian(value[9..]);
        var hours = days * 24 + hour;
        var text = (negative ? "-" : "") + (micro != 0 ? $"{hours:D2}:{minute:D2}:{second:D2}.{micro:D6}" : $"{hours:D2}:{minute:D2}:{second:D2}");
        return Encoding.ASCII.GetBytes(text, scratch);
    }

    /// Encodes a text-form value as the binary value of a column of this type (server side, binary
    /// result rows built from text rows, as the gate has them).
    public static void WriteFromText(ColumnType type, bool unsigned, ReadOnlySpan<byte> text, PacketWriter writer)
    {
        switch (type)
        {
            case ColumnType.Tiny:
                writer.WriteByte(unsigned ? (byte)TextValue.ParseUInt64(text) : (byte)(sbyte)TextValue.ParseInt64(text));
                break;
            case ColumnType.Short or ColumnType.Year:
                writer.WriteUInt16(unsigned || type == ColumnType.Year ? (ushort)TextValue.ParseUInt64(text) : (ushort)(short)TextValue.ParseInt64(text));
                break;
            case ColumnType.Long or ColumnType.Int24:
                writer.WriteUInt32(unsigned ? (uint)TextValue.ParseUInt64(text) : (uint)(int)TextValue.ParseInt64(text));
                break;
            case ColumnType.LongLong:
                writer.WriteUInt64(unsigned ? TextValue.ParseUInt64(text) : (ulong)TextValue.ParseInt64(text));
                break;
            case ColumnType.Float:
                if (!Utf8Parser.TryParse(text, out float f, out _)) MySqlProtocolException.ThrowMalformed("not a float");
                BinaryPrimitives.WriteSingleLittleEndian(writer.GetSpan(4), f);
                writer.Advance(4);
                break;
            case ColumnType.Double:
                if (!Utf8Parser.TryParse(text, out double d, out _)) MySqlProtocolException.ThrowMalformed("not a double");
                BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), d);
                writer.Advance(8);
                break;
            case ColumnType.Date or ColumnType.NewDate or ColumnType.DateTime or ColumnType.Timestamp:
                if (!TextValue.TryParseDateParts(text, out var p)) MySqlProtocolException.ThrowMalformed("not a date");
                WriteDateTime(writer, p.Year, p.Month, p.Day, p.Hour, p.Minute, p.Second, p.Microsecond);
                break;
            case ColumnType.Time:
                if (!TextValue.TryParseTimeParts(text, out var negative, out var hours, out var minutes, out var seconds, out var micro))
                    MySqlProtocolException.ThrowMalformed("not a time");
                WriteTime(writer, negative, hours / 24, hours % 24, minutes, seconds, micro);
                break;
            default:
                writer.WriteLengthEncodedString(text);
                break;
        }
    }

    public static void WriteDateTime(PacketWriter writer, int year, int month, int day, int hour, int minute, int second, int micro)
    {
        var length = micro != 0 ? 11 : hour != 0 || minute != 0 || second != 0 ? 7 : year != 0 || month != 0 || day != 0 ? 4 : 0;
        writer.WriteByte((byte)length);
        if (length >= 4)
        {
            writer.WriteUInt16((ushort)year);
            writer.WriteByte((byte)month);
            writer.WriteByte((byte)day);
        }
        if (length >= 7)
        {
            writer.WriteByte((byte)hour);
            writer.WriteByte((byte)minute);
            writer.WriteByte((byte)second);
        }
        if (length >= 11) writer.WriteUInt32((uint)micro);
    }

    public static void WriteTime(PacketWriter writer, bool negative, int days, int hour, int minute, int second, int micro)
    {
        var length = micro != 0 ? 12 : days != 0 || hour != 0 || minute != 0 || second != 0 ? 8 : 0;
        writer.WriteByte((byte)length);
        if (length >= 8)
        {
            writer.WriteByte(negative ? (byte)1 : (byte)0);
            writer.WriteUInt32((uint)days);
            writer.WriteByte((byte)hour);
            writer.WriteByte((byte)minute);
            writer.WriteByte((byte)second);
        }
        if (length >= 12) writer.WriteUInt32((uint)micro);
    }

    /// Encodes a CLR value as a COM_STMT_EXECUTE parameter; returns its type and unsigned flag.
    public static (ColumnType Type, bool Unsigned) WriteParameter(object? value, PacketWriter writer)
    {
        switch (value)
        {
            case null or DBNull:
                return (ColumnType.Null, false);
            case bool b:
                writer.WriteByte(b ? (byte)1 : (byte)0);
                return (ColumnType.Tiny, false);
            case sbyte or short or int or long:
                writer.WriteUInt64((ulong)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                return (ColumnType.LongLong, false);
            case byte or ushort or uint or ulong:
                writer.WriteUInt64(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                return (ColumnType.LongLong, true);
            case float f:
                BinaryPrimitives.WriteSingleLittleEndian(writer.GetSpan(4), f);
                writer.Advance(4);
                return (ColumnType.Float, false);
            case double dbl:
                BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), dbl);
                writer.Advance(8);
                return (ColumnType.Double, false);
            case decimal m:
                writer.WriteLengthEncodedString(m.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return (ColumnType.NewDecimal, false);
            case DateTime dt:
                WriteDateTime(writer, dt.Year, dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Second, (int)(dt.Ticks % TimeSpan.TicksPerSecond / 10));
                return (ColumnType.DateTime, false);
            case TimeSpan ts:
                var abs = ts.Duration();
                WriteTime(writer, ts < TimeSpan.Zero, abs.Days, abs.Hours, abs.Minutes, abs.Seconds, (int)(abs.Ticks % TimeSpan.TicksPerSecond / 10));
                return (ColumnType.Time, false);
            case byte[] bytes:
                writer.WriteLengthEncodedString(bytes);
                return (ColumnType.Blob, false);
            case ReadOnlyMemory<byte> memory:
                writer.WriteLengthEncodedString(memory.Span);
                return (ColumnType.Blob, false);
            default:
                writer.WriteLengthEncodedString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                return (ColumnType.VarString, false);
        }
    }
}
