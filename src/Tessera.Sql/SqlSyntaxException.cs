namespace Tessera.Sql;

// The parse error a MySQL client expects: ER_PARSE_ERROR (1064), SQLSTATE 42000, and the text of the
// statement from the offending token on, as the server quotes it.
// https://mariadb.com/kb/en/mariadb-error-code-reference/ (1064)
public sealed class SqlSyntaxException : Exception
{
    public const int ErrorNumber = 1064;
    public const string SqlState = "42000";

    // MySQL quotes at most 80 characters of the remaining statement ("%-.80s").
    private const int NearLength = 80;

    public SqlSyntaxException(string message, int position, int line, string near)
        : base(message)
    {
        Position = position;
        Line = line;
        Near = near;
    }

    public SqlSyntaxException()
        : this("You have an error in your SQL syntax", 0, 1, string.Empty)
    {
    }

    public SqlSyntaxException(string message)
        : this(message, 0, 1, string.Empty)
    {
    }

    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Near = string.Empty;
        Line = 1;
    }

    // Character offset of the token the parser could not accept (the text length at end of input).
    public int Position { get; }

    // 1-based line of that token.
    public int Line { get; }

    public string Near { get; }

    public int Number => ErrorNumber;

    public string State => SqlState;

    internal static SqlSyntaxException At(string sql, int position)
    {
        position = Math.Clamp(position, 0, sql.Length);
        var line = 1;
        for (var i = 0; i < position; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
            }
        }

        var rest = sql.AsSpan(position);
        var near = rest.Length > NearLength ? rest[..NearLength].ToString() : rest.ToString();
        var message = "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '"
            + near + "' at line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new SqlSyntaxException(message, position, line, near);
    }
}
