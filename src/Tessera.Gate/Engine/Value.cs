using System.Globalization;
using System.Text;
using Tessera.Vindexes;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Engine;

// A column or bind value as it travels between tablets and the gate: its MySQL type (Vitess's
// type numbers, see query.proto) and its bytes in MySQL text form. The gate decodes a value only
// where a primitive must look at it (merge-sort keys, aggregates, vindex values).
public readonly struct Value : IEquatable<Value>
{
    private readonly byte[]? _raw;

    public Value(QType type, byte[]? raw)
    {
        Type = raw is null ? QType.NullType : type;
        _raw = raw;
    }

    public static Value Null => default;

    public QType Type { get; }

    public bool IsNull => Type == QType.NullType;

    public ReadOnlySpan<byte> Raw => _raw;

    public byte[]? RawArray => _raw;

    public bool IsIntegral => ((int)Type & 0x100) != 0;

    public bool IsUnsigned => ((int)Type & 0x200) != 0;

    public bool IsFloat => ((int)Type & 0x400) != 0;

    public bool IsDecimal => Type == QType.Decimal;

    public bool IsNumber => IsIntegral || IsFloat || IsDecimal;

    // Text with a case-insensitive collation as far as the gate can tell (not binary).
    public bool IsText => ((int)Type & 0x1000) != 0;

    public static Value FromInt64(long v) => new(QType.Int64, Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)));

    public static Value FromUInt64(ulong v) => new(QType.Uint64, Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)));

    public static Value FromDecimal(decimal v) => new(QType.Decimal, Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)));

    public static Value FromDouble(double v) => new(QType.Float64, Encoding.ASCII.GetBytes(v.ToString("R", CultureInfo.InvariantCulture)));

    public static Value FromString(string s, QType type = QType.Varchar) => new(type, Encoding.UTF8.GetBytes(s));

    public static Value FromBytes(byte[] b, QType type = QType.Varbinary) => new(type, b);

    public string? ToText() => _raw is null ? null : Encoding.UTF8.GetString(_raw);

    public bool TryGetInt64(out long v) => long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v);

    public bool TryGetDecimal(out decimal v) =>
        decimal.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out v);

    public double ToDouble() =>
        double.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;

    // What a vindex needs: integers as numbers, everything else as its bytes.
    public SqlValue ToSqlValue()
    {
        if (IsNull)
        {
            return SqlValue.Null;
        }

        if (IsIntegral)
        {
            if (IsUnsigned && ulong.TryParse(Raw, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
            {
                return SqlValue.FromUInt64(u);
            }

            if (TryGetInt64(out var l))
            {
                return SqlValue.FromInt64(l);
            }
        }

        return IsText || Type == QType.Decimal ? SqlValue.FromText(_raw) : SqlValue.FromBinary(_raw);
    }

    // MySQL's ordering for the gate's merge-sort, grouping and MIN/MAX: NULL first, numbers by
    // value, text case-insensitively (an approximation of the default *_general_ci collations),
    // binary byte by byte.
    public static int Compare(in Value a, in Value b)
    {
        if (a.IsNull || b.IsNull)
        {
            return a.IsNull == b.IsNull ? 0 : a.IsNull ? -1 : 1;
        }

        if (a.IsNumber && b.IsNumber)
        {
            if (a.IsIntegral && b.IsIntegral && !a.IsUnsigned && !b.IsUnsigned && a.TryGetInt64(out var x) && b.TryGetInt64(out var y))
            {
                return x.CompareTo(y);
            }

            if (!a.IsFloat && !b.IsFloat && a.TryGetDecimal(out var dx) && b.TryGetDecimal(out var dy))
            {
                return dx.CompareTo(dy);
            }

            return a.ToDouble().CompareTo(b.ToDouble());
        }

        if (a.IsText || b.IsText)
        {
            return string.Compare(a.ToText(), b.ToText(), StringComparison.OrdinalIgnoreCase);
        }

        return a.Raw.SequenceCompareTo(b.Raw);
    }

    public bool Equals(Value other) => Compare(this, other) == 0 && IsNull == other.IsNull;

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    // Consistent with Equals: numbers hash by their decimal value, text case-insensitively.
    public override int GetHashCode()
    {
        if (IsNull)
        {
            return 0;
        }

        if (IsNumber && TryGetDecimal(out var d))
        {
            return d.GetHashCode();
        }

        return IsText ? StringComparer.OrdinalIgnoreCase.GetHashCode(ToText()!) : ToText()!.GetHashCode(StringComparison.Ordinal);
    }

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    // As a SQL literal (for descriptions and the fake cursor's substituted text).
    public string ToSqlLiteral()
    {
        if (IsNull)
        {
            return "null";
        }

        if (IsNumber)
        {
            return ToText()!;
        }

        var s = ToText()!;
        return "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    public override string ToString() => IsNull ? "NULL" : $"{Type.ToString().ToUpperInvariant()}({ToText()})";
}
