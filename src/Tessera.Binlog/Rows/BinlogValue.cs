using System.Buffers.Binary;
using System.Globalization;

namespace Tessera.Binlog.Rows;

/// One decoded column value of a row image. Exact types keep their exact form: DECIMAL as its
/// binary (formatted on demand), strings as raw bytes with the column's collation, temporal types
/// as fields. Bytes point into the event's buffer (see the reader for their lifetime).
public readonly struct BinlogValue
{
    private readonly long bits;
    private readonly ReadOnlyMemory<byte> bytes;

    internal BinlogValue(BinlogValueKind kind, ColumnDefinition? column, long bits, ReadOnlyMemory<byte> bytes = default)
    {
        Kind = kind;
        Column = column;
        this.bits = bits;
        this.bytes = bytes;
    }

    public BinlogValueKind Kind { get; }

    public ColumnDefinition? Column { get; }

    public bool IsNull => Kind == BinlogValueKind.Null;

    public bool IsMissing => Kind == BinlogValueKind.Missing;

    public static BinlogValue Missing => default;

    internal static BinlogValue Null(ColumnDefinition column) => new(BinlogValueKind.Null, column, 0);

    public long GetInt64() => Kind switch
    {
        BinlogValueKind.Int64 or BinlogValueKind.Year or BinlogValueKind.Enum => bits,
        BinlogValueKind.UInt64 or BinlogValueKind.Bit or BinlogValueKind.Set when bits >= 0 => bits,
        _ => throw Wrong("a signed integer"),
    };

    public ulong GetUInt64() => Kind switch
    {
        BinlogValueKind.UInt64 or BinlogValueKind.Bit or BinlogValueKind.Set => (ulong)bits,
        BinlogValueKind.Int64 when bits >= 0 => (ulong)bits,
        _ => throw Wrong("an unsigned integer"),
    };

    public double GetDouble() => Kind switch
    {
        BinlogValueKind.Double => BitConverter.Int64BitsToDouble(bits),
        BinlogValueKind.Float => BitConverter.Int32BitsToSingle((int)bits),
        _ => throw Wrong("a floating point number"),
    };

    public float GetSingle() => Kind == BinlogValueKind.Float ? BitConverter.Int32BitsToSingle((int)bits) : throw Wrong("a FLOAT");

    /// DECIMAL in MySQL's text form, all `scale` digits kept ("-12.50").
    public string GetDecimalString() =>
        Kind == BinlogValueKind.Decimal ? DecimalCodec.Format(bytes.Span, Column!.Precision, Column.Scale) : throw Wrong("a DECIMAL");

    public decimal GetDecimal() => decimal.Parse(GetDecimalString(), NumberStyles.Number, CultureInfo.InvariantCulture);

    /// DATE and DATETIME (TIMESTAMP has no calendar fields of its own: use GetTimestamp).
    public MySqlDateTime GetDateTime() =>
        Kind is BinlogValueKind.Date or BinlogValueKind.DateTime ? MySqlDateTime.Unpack(bits) : throw Wrong("a DATE or DATETIME");

    /// TIME as a signed duration (-838:59:59 .. 838:59:59).
    public TimeSpan GetTime() => Kind == BinlogValueKind.Time ? TimeSpan.FromTicks(bits * 10) : throw Wrong("a TIME");

    /// Microseconds of a TIME value, signed.
    public long GetTimeMicroseconds() => Kind == BinlogValueKind.Time ? bits : throw Wrong("a TIME");

    /// TIMESTAMP as UTC (0 for MariaDB's zero timestamp).
    public DateTimeOffset GetTimestamp() =>
        Kind == BinlogValueKind.Timestamp ? DateTimeOffset.UnixEpoch.AddTicks(bits * 10) : throw Wrong("a TIMESTAMP");

    public long GetTimestampMicroseconds() => Kind == BinlogValueKind.Timestamp ? bits : throw Wrong("a TIMESTAMP");

    /// Raw bytes of a string, blob, geometry, or the packed binary of a DECIMAL.
    public ReadOnlyMemory<byte> GetBytes() => Kind switch
    {
        BinlogValueKind.Bytes or BinlogValueKind.Geometry or BinlogValueKind.Decimal => bytes,
        _ => throw Wrong("bytes"),
    };

    /// Collation id of a string value (63 = binary, 0 = unknown: no charset metadata).
    public int Collation => Column?.Collation ?? 0;

    /// Text of a CHAR/VARCHAR/TEXT/ENUM/SET value decoded with its column's character set.
    /// Throws for binary data and unknown character sets instead of guessing.
    public string GetString()
    {
        switch (Kind)
        {
            case BinlogValueKind.Enum:
                return EnumText();
            case BinlogValueKind.Set:
                return SetText();
            case BinlogValueKind.Bytes:
                var encoding = Collations.EncodingOf(Collation)
                    ?? throw new BinlogException($"column {Column} has collation {Collation}, which has no known text decoding; use GetBytes()");
                return encoding.GetString(bytes.Span);
            default:
                throw Wrong("a string");
        }
    }

    /// MySQL's own text form of the value (what CAST(col AS CHAR) gives, TIMESTAMP in UTC);
    /// binary strings as hex. "NULL" for NULL.
    public override string ToString() => Kind switch
    {
        BinlogValueKind.Missing => "<missing>",
        BinlogValueKind.Null => "NULL",
        BinlogValueKind.Int64 => bits.ToString(CultureInfo.InvariantCulture),
        BinlogValueKind.Year => bits.ToString("D4", CultureInfo.InvariantCulture),
        BinlogValueKind.UInt64 or BinlogValueKind.Bit => ((ulong)bits).ToString(CultureInfo.InvariantCulture),
        BinlogValueKind.Float => GetSingle().ToString("R", CultureInfo.InvariantCulture),
        BinlogValueKind.Double => GetDouble().ToString("R", CultureInfo.InvariantCulture),
        BinlogValueKind.Decimal => GetDecimalString(),
        BinlogValueKind.Date => GetDateTime().ToDateString(),
        BinlogValueKind.DateTime => GetDateTime().ToString(Column?.FractionalDigits ?? 0),
        BinlogValueKind.Timestamp => TimestampText(),
        BinlogValueKind.Time => TimeText(),
        BinlogValueKind.Enum or BinlogValueKind.Set => GetString(),
        BinlogValueKind.Bytes when Collations.EncodingOf(Collation) is not null => GetString(),
        _ => Convert.ToHexString(bytes.Span),
    };

    private string TimestampText()
    {
        var digits = Column?.FractionalDigits ?? 0;
        if (bits == 0)
            return "0000-00-00 00:00:00" + MySqlDateTime.Fraction(0, digits);
        var utc = GetTimestamp().UtcDateTime;
        return new MySqlDateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, (int)(bits % 1_000_000)).ToString(digits);
    }

    private string TimeText()
    {
        var magnitude = Math.Abs(bits);
        var seconds = magnitude / 1_000_000;
        var text = string.Create(CultureInfo.InvariantCulture, $"{(bits < 0 ? "-" : "")}{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");
        return text + MySqlDateTime.Fraction((int)(magnitude % 1_000_000), Column?.FractionalDigits ?? 0);
    }

    private string EnumText()
    {
        if (bits == 0)
            return "";
        var values = Column?.EnumValues ?? throw new BinlogException($"ENUM column {Column} has no ENUM_STR_VALUE metadata (binlog_row_metadata=FULL); index {bits}");
        return bits <= values.Count ? values[(int)bits - 1] : throw new BinlogException($"ENUM index {bits} out of range for column {Column}");
    }

    private string SetText()
    {
        var values = Column?.SetValues ?? throw new BinlogException($"SET column {Column} has no SET_STR_VALUE metadata (binlog_row_metadata=FULL); mask {bits}");
        var members = new List<string>();
        for (var i = 0; i < values.Count && i < 64; i++)
        {
            if ((bits & (1L << i)) != 0)
                members.Add(values[i]);
        }
        return string.Join(',', members);
    }

    private InvalidOperationException Wrong(string wanted) => new($"value of column {Column} is {Kind}, not {wanted}");

    internal static BinlogValue FromDouble(ColumnDefinition column, double value) => new(BinlogValueKind.Double, column, BitConverter.DoubleToInt64Bits(value));

    internal static BinlogValue FromFloat(ColumnDefinition column, ReadOnlySpan<byte> data) =>
        new(BinlogValueKind.Float, column, BinaryPrimitives.ReadInt32LittleEndian(data));
}
