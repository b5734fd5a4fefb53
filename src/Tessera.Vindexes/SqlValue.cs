using System.Buffers.Text;
using System.Text;

namespace Tessera.Vindexes;

// A column value handed to a vindex: NULL, a signed or unsigned integer, or bytes (binary or text,
// text always UTF-8). Small and copy-cheap; integers carry no heap object.
public readonly struct SqlValue : IEquatable<SqlValue>
{
    private readonly long _bits;
    private readonly ReadOnlyMemory<byte> _bytes;

    private SqlValue(SqlValueKind kind, long bits, ReadOnlyMemory<byte> bytes)
    {
        Kind = kind;
        _bits = bits;
        _bytes = bytes;
    }

    public static SqlValue Null => default;

    public SqlValueKind Kind { get; }

    public bool IsNull => Kind == SqlValueKind.Null;

    public bool IsIntegral => Kind is SqlValueKind.Int64 or SqlValueKind.UInt64;

    public static SqlValue FromInt64(long value) => new(SqlValueKind.Int64, value, default);

    public static SqlValue FromUInt64(ulong value) => new(SqlValueKind.UInt64, unchecked((long)value), default);

    public static SqlValue FromBinary(ReadOnlyMemory<byte> value) => new(SqlValueKind.Binary, 0, value);

    public static SqlValue FromText(ReadOnlyMemory<byte> utf8) => new(SqlValueKind.Text, 0, utf8);

    public static SqlValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SqlValueKind.Text, 0, Encoding.UTF8.GetBytes(value));
    }

    public static implicit operator SqlValue(long value) => FromInt64(value);

    public static implicit operator SqlValue(string value) => FromString(value);

    public long Int64Value => Kind == SqlValueKind.Int64 ? _bits : throw new InvalidOperationException($"{this} is not a signed integer");

    public ulong UInt64Value => Kind == SqlValueKind.UInt64 ? unchecked((ulong)_bits) : throw new InvalidOperationException($"{this} is not an unsigned integer");

    // The raw bytes of a binary or text value (empty for NULL and integers: use WriteBytes).
    public ReadOnlySpan<byte> RawBytes => _bytes.Span;

    // The value's bytes as MySQL would send them in a text result: integers in decimal.
    // Returns the number of bytes written; `destination` needs 20 bytes for an integer.
    public int WriteBytes(Span<byte> destination)
    {
        int written;
        switch (Kind)
        {
            case SqlValueKind.Int64:
                Utf8Formatter.TryFormat(_bits, destination, out written);
                return written;
            case SqlValueKind.UInt64:
                Utf8Formatter.TryFormat(unchecked((ulong)_bits), destination, out written);
                return written;
            case SqlValueKind.Null:
                return 0;
            default:
                _bytes.Span.CopyTo(destination);
                return _bytes.Length;
        }
    }

    public int ByteLength => Kind switch
    {
        SqlValueKind.Int64 or SqlValueKind.UInt64 => 20,
        SqlValueKind.Null => 0,
        _ => _bytes.Length,
    };

    public byte[] ToBytes()
    {
        Span<byte> scratch = stackalloc byte[20];
        if (IsIntegral)
        {
            return scratch[..WriteBytes(scratch)].ToArray();
        }

        return _bytes.ToArray();
    }

    // Vitess's ToCastUint64: signed values as their two's complement, unsigned as is, text and
    // binary parsed as a base-10 unsigned number (surrounding ASCII whitespace allowed; no sign).
    public bool TryCastUInt64(out ulong value, out string? reason)
    {
        switch (Kind)
        {
            case SqlValueKind.Int64:
            case SqlValueKind.UInt64:
                value = unchecked((ulong)_bits);
                reason = null;
                return true;
            case SqlValueKind.Null:
                value = 0;
                reason = "NULL has no keyspace id";
                return false;
            default:
                return TryParseUInt64(_bytes.Span, out value, out reason);
        }
    }

    private static bool TryParseUInt64(ReadOnlySpan<byte> s, out ulong value, out string? reason)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        int digitsStart = i;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            ulong next = unchecked((value * 10) + (ulong)(s[i] - '0'));
            if (value > ulong.MaxValue / 10 || next < value * 10)
            {
                reason = "out of range for an unsigned 64-bit integer";
                return false;
            }

            value = next;
            i++;
        }

        if (i == digitsStart)
        {
            reason = "not an integer";
            return false;
        }

        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        if (i < s.Length)
        {
            reason = "not an integer";
            return false;
        }

        reason = null;
        return true;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    public bool Equals(SqlValue other) =>
        Kind == other.Kind && _bits == other._bits && _bytes.Span.SequenceEqual(other._bytes.Span);

    public override bool Equals(object? obj) => obj is SqlValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.Add(_bits);
        hash.AddBytes(_bytes.Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(SqlValue left, SqlValue right) => left.Equals(right);

    public static bool operator !=(SqlValue left, SqlValue right) => !left.Equals(right);

    // How a value is quoted in error messages: 42, 18446744073709551615, 'text', x'0a0b', NULL.
    public override string ToString() => Kind switch
    {
        SqlValueKind.Null => "NULL",
        SqlValueKind.Int64 => _bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SqlValueKind.UInt64 => unchecked((ulong)_bits).ToString(System.Globalization.CultureInfo.InvariantCulture),
        SqlValueKind.Text => $"'{Encoding.UTF8.GetString(_bytes.Span)}'",
        _ => $"x'{Convert.ToHexStringLower(_bytes.Span)}'",
    };
}
