namespace Tessera.Ctld.Admin;

// Splits a SQL script into statements at the semicolons outside quotes and comments (Vitess's
// sqlparser.SplitStatementToPieces), so ApplySchema can run and report them one at a time.
// Quotes: '…', "…", `…` with doubled-quote and backslash escapes; comments: -- , #, /* */.
internal static class SqlStatements
{
    public static List<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var start = 0;
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
                    i = SkipToLineEnd(sql, i);
                    continue;
                case '-' when i + 2 < sql.Length && sql[i + 1] == '-' && char.IsWhiteSpace(sql[i + 2]):
                    i = SkipToLineEnd(sql, i);
                    continue;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + 2;
                    continue;
                case ';':
                    Add(statements, sql[start..i]);
                    start = i + 1;
                    break;
            }
            i++;
        }
        Add(statements, sql[start..]);
        return statements;
    }

    private static int SkipQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    private static int SkipToLineEnd(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    // A piece holding only whitespace and comments is not a statement.
    private static void Add(List<string> statements, string piece)
    {
        var trimmed = piece.Trim();
        if (trimmed.Length > 0 && !OnlyComments(trimmed))
            statements.Add(trimmed);
    }

    private static bool OnlyComments(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '#' || (text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-'))
            {
                i = SkipToLineEnd(text, i);
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*' && !(i + 2 < text.Length && text[i + 2] == '!'))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
