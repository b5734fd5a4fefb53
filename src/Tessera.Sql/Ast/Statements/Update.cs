namespace Tessera.Sql.Ast.Statements;

// `UPDATE [LOW_PRIORITY] [IGNORE] tables SET c = v, ... [WHERE] [ORDER BY] [LIMIT]`; several tables or
// joins make it a multi-table update.
public sealed record Update : Statement
{
    public Comments? Comments { get; init; }

    public IReadOnlyList<string> Options { get; init; } = [];

    public required IReadOnlyList<TableExpr> Tables { get; init; }

    public required IReadOnlyList<Assignment> Set { get; init; }

    public Expression? Where { get; init; }

    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];

    public Limit? Limit { get; init; }

    internal override void Format(SqlWriter w)
    {
        w.Append("update ");
        Comments?.Format(w);
        foreach (var o in Options)
        {
            w.Append(o).Append(' ');
        }

        w.List(Tables).Append(" set ").List(Set);
        if (Where != null)
        {
            w.Append(" where ").Expr(Where, Prec.Lowest);
        }

        if (OrderBy.Count > 0)
        {
            w.Append(" order by ").List(OrderBy);
        }

        Limit?.Format(w);
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var r = rewriter;
        var tables = r.List(Tables, static (x, rr) => x.Rewrite(rr));
        var set = r.List(Set, static (x, rr) => x.Rewrite(rr));
        var where = r.Opt(Where);
        var order = r.List(OrderBy, static (x, rr) => x.Rewrite(rr));
        var limit = Limit?.Rewrite(r);
        return ReferenceEquals(tables, Tables) && ReferenceEquals(set, Set) && ReferenceEquals(where, Where)
            && ReferenceEquals(order, OrderBy) && ReferenceEquals(limit, Limit)
            ? this : this with { Tables = tables, Set = set, Where = where, OrderBy = order, Limit = limit };
    }
}
