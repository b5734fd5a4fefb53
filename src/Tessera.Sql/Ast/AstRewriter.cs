namespace Tessera.Sql.Ast;

// Walks a statement bottom-up and lets a subclass replace expressions and table names; a node whose
// children come back unchanged is kept as is, so a rewriter that changes nothing allocates nothing.
// The normalizer is one; the planner uses others (strip keyspace qualifiers, rewrite ORDER BY ...).
public abstract class AstRewriter
{
    // Called on every expression after its children were rewritten.
    public virtual Expression VisitExpression(Expression e) => e;

    // Called on every table reference (FROM items, DML targets).
    public virtual TableName VisitTableName(TableName name) => name;

    // ORDER BY / GROUP BY items: a bare integer there is a column position, not a value.
    public virtual Expression VisitOrdinal(Expression e) => e.Rewrite(this);

    // LIMIT and OFFSET values.
    public virtual Expression VisitLimit(Expression e) => e.Rewrite(this);

    // Whether subqueries (in FROM, WHERE, select list) are walked.
    public virtual bool VisitSubqueries => true;

    internal IReadOnlyList<Expression> List(IReadOnlyList<Expression> items)
    {
        Expression[]? copy = null;
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            var n = e.Rewrite(this);
            if (!ReferenceEquals(n, e))
            {
                copy ??= [.. items];
                copy[i] = n;
            }
        }

        return copy ?? items;
    }

    internal IReadOnlyList<T> List<T>(IReadOnlyList<T> items, Func<T, AstRewriter, T> rewrite)
        where T : class
    {
        T[]? copy = null;
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            var n = rewrite(e, this);
            if (!ReferenceEquals(n, e))
            {
                copy ??= [.. items];
                copy[i] = n;
            }
        }

        return copy ?? items;
    }

    internal Expression? Opt(Expression? e) => e?.Rewrite(this);
}
