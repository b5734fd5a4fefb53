using System.Text;
using Google.Protobuf.Collections;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// Replaces `:name` (a value) and `::name` (a TUPLE written as a parenthesised list) in a query by
// SQL literals, as Vitess's sqlparser.ParsedQuery.GenerateQuery. Only placeholders outside quotes,
// identifiers and comments are touched; a placeholder without a value is an error, not a silent NULL.
internal static class BindVariables
{
    public static string Substitute(string sql, MapField<string, BindVariable> bindVariables)
    {
        if (bindVariables.Count == 0 || !sql.Contains(':', StringComparison.Ordinal)) return sql;
        var output = new StringBuilder(sql.Length + 32);
        var copiedUpTo = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c);
                    continue;
                case '#':
                    i = SkipLine(sql, i);
                    continue;
                case '-' when i + 2 < sql.Length && sql[i + 1] == '-' && char.IsWhiteSpace(sql[i + 2]):
                    i = SkipLine(sql, i);
                    continue;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + 2;
                    continue;
                case ':':
                    var list = i + 1 < sql.Length && sql[i + 1] == ':';
                    var nameStart = i + (list ? 2 : 1);
                    var nameEnd = nameStart;
                    while (nameEnd < sql.Length && IsNameChar(sql[nameEnd], nameEnd == nameStart)) nameEnd++;
                    if (nameEnd == nameStart || (i > 0 && sql[i - 1] == ':'))
                    {
                        i = Math.Max(i + 1, nameEnd);
                        continue;
                    }
                    var name = sql[nameStart..nameEnd];
                    if (!bindVariables.TryGetValue(name, out var value))
                        throw TabletErrors.BadBindVariable($"missing bind var {name}");
                    output.Append(sql, copiedUpTo, i - copiedUpTo);
                    Append(output, value, name, list);
                    copiedUpTo = i = nameEnd;
                    continue;
            }
            i++;
        }
        if (copiedUpTo == 0) return sql;
        output.Append(sql, copiedUpTo, sql.Length - copiedUpTo);
        return output.ToString();
    }

    private static void Append(StringBuilder output, BindVariable value, string name, bool list)
    {
        if (value.Type == Rpc.Query.Type.Tuple)
        {
            if (value.Values.Count == 0) throw TabletErrors.BadBindVariable($"bind variable :{name}: empty list");
            output.Append('(');
            for (var k = 0; k < value.Values.Count; k++)
            {
                if (k > 0) output.Append(", ");
                var item = value.Values[k];
                if (item.Type == Rpc.Query.Type.Tuple) throw TabletErrors.BadBindVariable($"bind variable :{name}: nested lists are not allowed");
                SqlLiteral.Append(output, item.Type, item.Value_, name);
            }
            output.Append(')');
            return;
        }
        if (list) throw TabletErrors.BadBindVariable($"bind variable ::{name} must be a TUPLE");
        SqlLiteral.Append(output, value.Type, value.Value, name);
    }

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || (!first && (char.IsAsciiDigit(c) || c == '.'));

    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\' && quote != '`') i += 2;
            else if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) i += 2;
                else return i + 1;
            }
            else i++;
        }
        return sql.Length;
    }

    private static int SkipLine(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return end < 0 ? sql.Length : end + 1;
    }
}
