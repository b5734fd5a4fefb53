using System.Text;
using Google.Protobuf;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// Writes one typed bind value as a SQL literal. Numbers are checked to be numbers before they are
// written bare; everything else is quoted and escaped (or written as X'hex' when it is binary),
// so no bytes a caller sends can end the literal early. Escapes as MySQL's
// https://mariadb.com/kb/en/string-literals/ (and Vitess's sqltypes.EncodeStringSQL).
internal static class SqlLiteral
{
    private const int Integral = 0x100;
    private const int Float = 0x400;
    private const int Binary = 0x2000;

    public static void Append(StringBuilder sql, Rpc.Query.Type type, ByteString value, string name)
    {
        var bytes = value.Span;
        switch (type)
        {
            case Rpc.Query.Type.NullType:
                sql.Append("null");
                return;
            case Rpc.Query.Type.Expression:
                throw TabletErrors.BadBindVariable($"bind variable :{name}: EXPRESSION values are not accepted (raw SQL is never spliced in)");
            case Rpc.Query.Type.Tuple:
                throw TabletErrors.BadBindVariable($"bind variable :{name}: a TUPLE must carry its items in values");
            case Rpc.Query.Type.Hexnum:
                AppendChecked(sql, bytes, name, IsHexNumber);
                return;
            case Rpc.Query.Type.Hexval:
                AppendChecked(sql, bytes, name, IsHexString);
                return;
            case Rpc.Query.Type.Bitnum:
                AppendChecked(sql, bytes, name, IsBitString);
                return;
            case Rpc.Query.Type.Decimal:
                AppendChecked(sql, bytes, name, IsDecimal);
                return;
        }
        var flags = (int)type;
        if ((flags & Integral) != 0) AppendChecked(sql, bytes, name, IsInteger);
        else if ((flags & Float) != 0) AppendChecked(sql, bytes, name, IsFloat);
        else if ((flags & Binary) != 0 || !IsUtf8(bytes)) AppendHex(sql, bytes);
        else AppendQuoted(sql, bytes);
    }

    private static void AppendChecked(StringBuilder sql, ReadOnlySpan<byte> bytes, string name, Func<ReadOnlySpan<byte>, bool> check)
    {
        if (!check(bytes))
            throw TabletErrors.BadBindVariable($"bind variable :{name}: '{Encoding.UTF8.GetString(bytes)}' is not a value of its declared type");
        foreach (var b in bytes) sql.Append((char)b);
    }

    public static void AppendQuoted(StringBuilder sql, ReadOnlySpan<byte> utf8)
    {
        sql.Append('\'');
        Span<char> chars = utf8.Length <= 256 ? stackalloc char[utf8.Length] : new char[utf8.Length];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        foreach (var c in chars[..count])
        {
            switch (c)
            {
                case '\0': sql.Append("\\0"); break;
                case '\'': sql.Append("\\'"); break;
                case '"': sql.Append("\\\""); break;
                case '\b': sql.Append("\\b"); break;
                case '\n': sql.Append("\\n"); break;
                case '\r': sql.Append("\\r"); break;
                case '\t': sql.Append("\\t"); break;
                case '\x1a': sql.Append("\\Z"); break;
                case '\\': sql.Append("\\\\"); break;
                default: sql.Append(c); break;
            }
        }
        sql.Append('\'');
    }

    private static void AppendHex(StringBuilder sql, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            sql.Append("''");
            return;
        }
        sql.Append("X'").Append(Convert.ToHexString(bytes)).Append('\'');
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    internal static bool IsInteger(ReadOnlySpan<byte> b)
    {
        var i = b.Length > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
        if (i == b.Length) return false;
        for (; i < b.Length; i++) if (b[i] is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    internal static bool IsDecimal(ReadOnlySpan<byte> b)
    {
        var i = b.Length > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
        var digits = 0;
        var dots = 0;
        for (; i < b.Length; i++)
        {
            if (b[i] == '.') dots++;
            else if (b[i] is >= (byte)'0' and <= (byte)'9') digits++;
            else return false;
        }
        return digits > 0 && dots <= 1;
    }

    internal static bool IsFloat(ReadOnlySpan<byte> b)
    {
        var e = b.IndexOfAny((byte)'e', (byte)'E');
        if (e < 0) return IsDecimal(b);
        return IsDecimal(b[..e]) && IsInteger(b[(e + 1)..]);
    }

    private static bool IsHexNumber(ReadOnlySpan<byte> b) =>
        b.Length > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X') && AllHex(b[2..]);

    private static bool IsHexString(ReadOnlySpan<byte> b) =>
        b.Length >= 3 && (b[0] == 'x' || b[0] == 'X') && b[1] == '\'' && b[^1] == '\'' && AllHex(b[2..^1]) && (b.Length - 3) % 2 == 0;

    private static bool IsBitString(ReadOnlySpan<byte> b)
    {
        if (b.Length < 3 || (b[0] != 'b' && b[0] != 'B') || b[1] != '\'' || b[^1] != '\'') return false;
        foreach (var c in b[2..^1]) if (c is not ((byte)'0' or (byte)'1')) return false;
        return true;
    }

    private static bool AllHex(ReadOnlySpan<byte> b)
    {
        foreach (var c in b) if (!char.IsAsciiHexDigit((char)c)) return false;
        return true;
    }
}
