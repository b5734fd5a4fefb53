using Tessera.Sql.Parsing;

namespace Tessera.Sql;

// The entry points: SQL text to AST. Every failure is a SqlSyntaxException (MySQL error 1064).
public static class SqlParser
{
    public static Statement Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var parser = new Parser(sql);
        return parser.ParseSingle();
    }

    // Several statements separated by `;` (outside quotes and comments), as a client sends with
    // CLIENT_MULTI_STATEMENTS.
    public static IReadOnlyList<Statement> ParseMultiple(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var parser = new Parser(sql);
        return parser.ParseAll();
    }

    public static Expression ParseExpression(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var parser = new Parser(sql);
        return parser.ParseStandaloneExpression();
    }
}
