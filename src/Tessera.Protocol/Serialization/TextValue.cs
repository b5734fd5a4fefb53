using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Serialization;

/// Text-protocol values (what MariaDB sends for COM_QUERY, and Tessera's canonical form of a value):
/// parsing them into CLR values and into their parts for the binary protocol.
public static class TextValue
{
    public static object Decode(ColumnDefinition column, ReadOnlySpan<byte> text)
    {
        switch (column.Type)
        {
            case ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong or ColumnType.Year:
                return column.IsUnsigned ? ParseUInt64(text) : ParseInt64(text);
            case ColumnType.Float:
                return float.Parse(Encoding.ASCII.GetString(text), CultureInfo.InvariantCulture);
            case ColumnType.Double:
                return double.Parse(Encoding.ASCII.GetString(text), CultureInfo.InvariantCulture);
            case ColumnType.Decimal or ColumnType.NewDecimal:
                return Utf8Parser.TryParse(text, out decimal d, out var used) && used == text.Length ? d : Encoding.ASCII.GetString(text);
            case ColumnType.Date or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.NewDate:
                return TryParseDateTime(text, out var dateTime) ? dateTime : Encoding.ASCII.GetString(text);
            case ColumnType.Time:
                return TryParseTime(text, out var time) ? time : Encoding.ASCII.GetString(text);
            case ColumnType.Bit or ColumnType.Geometry:
                return text.ToArray();
            case ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob or ColumnType.Blob or ColumnType.VarString or ColumnType.String or ColumnType.VarChar
                when column.CharacterSet == Collations.Binary:
                return text.ToArray();
            default:
                return Encoding.UTF8.GetString(text);
        }
    }

    public static long ParseInt64(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var used) && used == text.Length ? value : ThrowBadNumber<long>(text);

    public static ulong ParseUInt64(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out ulong value, out var used) && used == text.Length ? value : ThrowBadNumber<ulong>(text);

    private static T ThrowBadNumber<T>(ReadOnlySpan<byte> text)
    {
        MySqlProtocolException.ThrowMalformed($"'{Encoding.UTF8.GetString(text)}' is not an integer");
        return default!;
    }

    /// 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]'. Zero dates ('0000-00-00') do not fit DateTime and return false.
    public static bool TryParseDateTime(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (!TryParseDateParts(text, out var p) || p.Year == 0 || p.Month == 0 || p.Day == 0) return false;
        value = new DateTime(p.Year, p.Month, p.Day, p.Hour, p.Minute, p.Second).AddTicks(p.Microsecond * 10L);
        return true;
    }

    internal record struct DateParts(int Year, int Month, int Day, int Hour, int Minute, int Second, int Microsecond);

    internal static bool TryParseDateParts(ReadOnlySpan<byte> text, out DateParts parts)
    {
        parts = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var day)) return false;
        int hour = 0, minute = 0, second = 0, micro = 0;
        if (text.Length >= 19)
        {
            if (!Digits(text[11..13], out hour) || !Digits(text[14..16], out minute) || !Digits(text[17..19], out second)) return false;
            if (text.Length > 20 && text[19] == '.' && !Fraction(text[20..], out micro)) return false;
        }
        parts = new DateParts(year, month, day, hour, minute, second, micro);
        return true;
    }

    /// '[-]H+:MM:SS[.ffffff]'
    public static bool TryParseTime(ReadOnlySpan<byte> text, out TimeSpan value)
    {
        value = default;
        if (!TryParseTimeParts(text, out var negative, out var hours, out var minutes, out var seconds, out var micro)) return false;
        var ticks = ((hours * 60L + minutes) * 60L + seconds) * TimeSpan.TicksPerSecond + micro * 10L;
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    internal static bool TryParseTimeParts(ReadOnlySpan<byte> text, out bool negative, out int hours, out int minutes, out int seconds, out int micro)
    {
        negative = text.Length > 0 && text[0] == '-';
        if (negative) text = text[1..];
        hours = minutes = seconds = micro = 0;
        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || text.Length < colon + 6) return false;
        if (!Digits(text[..colon], out hours) || !Digits(text.Slice(colon + 1, 2), out minutes) || !Digits(text.Slice(colon + 4, 2), out seconds)) return false;
        var rest = text[(colon + 6)..];
        return rest.Length == 0 || (rest[0] == '.' && Fraction(rest[1..], out micro));
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return text.Length > 0;
    }

    private static bool Fraction(ReadOnlySpan<byte> text, out int micro)
    {
        micro = 0;
        if (text.Length is 0 or > 6 || !Digits(text, out var digits)) return false;
        for (var i = text.Length; i < 6; i++) digits *= 10;
        micro = digits;
        return true;
    }
}
