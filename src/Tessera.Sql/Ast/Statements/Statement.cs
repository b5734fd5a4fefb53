namespace Tessera.Sql.Ast.Statements;

public abstract record Statement : SqlNode
{
    // Rewrites the expressions and table names of this statement; statements without any return themselves.
    public virtual Statement Rewrite(AstRewriter rewriter) => this;
}

// Block comments written right after a statement's verb (`select /*vt+ QUERY_TIMEOUT_MS=100 */ ...`),
// kept verbatim; Vitess-style directives are read from them.
public sealed record Comments(IReadOnlyList<string> Items) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        foreach (var c in Items)
        {
            w.Append(c).Append(' ');
        }
    }

    // Value of a `/*vt+ NAME=value */` directive, or null. A directive without `=` yields "".
    public string? Directive(string name)
    {
        foreach (var c in Items)
        {
            if (!c.StartsWith("/*vt+", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var part in c[5..^2].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? part : part[..eq];
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return eq < 0 ? string.Empty : part[(eq + 1)..].Trim('\'', '"');
                }
            }
        }

        return null;
    }
}
