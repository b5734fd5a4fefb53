using System.Globalization;

namespace Tessera.Binlog.Rows;

/// A DATE / DATETIME as MariaDB stores it: fields kept as written, since zero dates
/// ('0000-00-00') and zero parts are legal and System.DateTime cannot hold them.
public readonly record struct MySqlDateTime(int Year, int Month, int Day, int Hour = 0, int Minute = 0, int Second = 0, int Microsecond = 0)
{
    internal long Pack() =>
        ((long)Year << 46) | ((long)Month << 42) | ((long)Day << 37) | ((long)Hour << 32) | ((long)Minute << 26) | ((long)Second << 20) | (uint)Microsecond;

    internal static MySqlDateTime Unpack(long packed) => new(
        (int)(packed >> 46), (int)((packed >> 42) & 0xF), (int)((packed >> 37) & 0x1F), (int)((packed >> 32) & 0x1F),
        (int)((packed >> 26) & 0x3F), (int)((packed >> 20) & 0x3F), (int)(packed & 0xFFFFF));

    public bool IsZero => Year == 0 && Month == 0 && Day == 0;

    public DateTime ToDateTime() => new DateTime(Year, Month, Day, Hour, Minute, Second, DateTimeKind.Unspecified).AddTicks(Microsecond * 10L);

    public string ToDateString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}");

    /// MySQL's text form with `fractionalDigits` (0-6) digits of fraction.
    public string ToString(int fractionalDigits) =>
        ToDateString() + " " + string.Create(CultureInfo.InvariantCulture, $"{Hour:D2}:{Minute:D2}:{Second:D2}") + Fraction(Microsecond, fractionalDigits);

    public override string ToString() => ToString(Microsecond == 0 ? 0 : 6);

    internal static string Fraction(int microsecond, int digits) =>
        digits <= 0 ? "" : "." + microsecond.ToString("D6", CultureInfo.InvariantCulture)[..digits];
}
