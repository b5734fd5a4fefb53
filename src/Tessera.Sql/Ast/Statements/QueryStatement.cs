namespace Tessera.Sql.Ast.Statements;

// A statement that returns rows: a SELECT or a set operation of them, with its trailing clauses.
public abstract record QueryStatement : Statement
{
    public WithClause? With { get; init; }

    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];

    public Limit? Limit { get; init; }

    // `for update`, `for update nowait`, `lock in share mode`, `for share` ...
    public string? Lock { get; init; }

    // Whether this query needs parentheses to be an operand of a set operation.
    internal bool HasTrailingClauses => OrderBy.Count > 0 || Limit != null || Lock != null || With != null;

    internal void FormatWith(SqlWriter w)
    {
        if (With != null)
        {
            With.Format(w);
            w.Append(' ');
        }
    }

    internal void FormatTail(SqlWriter w)
    {
        if (OrderBy.Count > 0)
        {
            w.Append(" order by ").List(OrderBy);
        }

        Limit?.Format(w);
        if (Lock != null)
        {
            w.Append(' ').Append(Lock);
        }
    }

    internal (WithClause? With, IReadOnlyList<OrderItem> OrderBy, Limit? Limit) RewriteTail(AstRewriter r)
    {
        var with = With?.Rewrite(r);
        var order = r.List(OrderBy, static (x, rr) => x.Rewrite(rr));
        var limit = Limit?.Rewrite(r);
        return (with, order, limit);
    }

    internal bool TailUnchanged((WithClause? With, IReadOnlyList<OrderItem> OrderBy, Limit? Limit) t) =>
        ReferenceEquals(t.With, With) && ReferenceEquals(t.OrderBy, OrderBy) && ReferenceEquals(t.Limit, Limit);
}

public sealed record CommonTableExpr(string Name, IReadOnlyList<string>? Columns, SubqueryExpr Query) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Ident(Name);
        if (Columns is { Count: > 0 })
        {
            w.Append('(').Idents(Columns).Append(')');
        }

        w.Append(" as ");
        Query.Format(w);
    }
}

// `WITH [RECURSIVE] name [(cols)] AS (query), ...`.
public sealed record WithClause(bool Recursive, IReadOnlyList<CommonTableExpr> Ctes) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Recursive ? "with recursive " : "with ").List(Ctes);
    }

    internal WithClause Rewrite(AstRewriter r)
    {
        var c = r.List(Ctes, static (x, rr) =>
        {
            var q = (SubqueryExpr)x.Query.Rewrite(rr);
            return ReferenceEquals(q, x.Query) ? x : x with { Query = q };
        });
        return ReferenceEquals(c, Ctes) ? this : this with { Ctes = c };
    }
}
