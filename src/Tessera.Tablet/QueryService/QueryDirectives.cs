using System.Globalization;
using Tessera.Sql.Ast;
using Tessera.Sql.Ast.Statements;

namespace Tessera.Tablet.QueryService;

// Vitess comment directives the tablet honours (sqlparser's DirectiveQueryTimeout:
// `select /*vt+ QUERY_TIMEOUT_MS=100 */ ...`). Read once per distinct query text, when its plan is
// built. The directive can only shorten the tablet's own query timeout, never lengthen it.
internal static class QueryDirectives
{
    public const string QueryTimeoutMs = "QUERY_TIMEOUT_MS";

    // The statement's QUERY_TIMEOUT_MS, or zero when it has none (or a value that is not a
    // positive integer, which Vitess ignores too).
    public static TimeSpan QueryTimeout(Statement statement) => Parse(CommentsOf(statement)?.Directive(QueryTimeoutMs));

    // For text our parser refused: the directive in the block comments right after the first word.
    public static TimeSpan QueryTimeout(string sql)
    {
        var span = sql.AsSpan().TrimStart();
        var word = 0;
        while (word < span.Length && char.IsAsciiLetter(span[word])) word++;
        span = span[word..].TrimStart();
        var comments = new List<string>();
        while (span.StartsWith("/*", StringComparison.Ordinal))
        {
            var end = span.IndexOf("*/", StringComparison.Ordinal);
            if (end < 0) break;
            comments.Add(span[..(end + 2)].ToString());
            span = span[(end + 2)..].TrimStart();
        }
        return comments.Count == 0 ? TimeSpan.Zero : Parse(new Comments(comments).Directive(QueryTimeoutMs));
    }

    private static Comments? CommentsOf(Statement statement) => statement switch
    {
        Select s => s.Comments,
        SetOperation s => CommentsOf(s.Left),
        Insert s => s.Comments,
        Update s => s.Comments,
        Delete s => s.Comments,
        SetStatement s => s.Comments,
        _ => null,
    };

    private static TimeSpan Parse(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
}
