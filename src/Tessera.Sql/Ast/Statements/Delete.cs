namespace Tessera.Sql.Ast.Statements;

// `DELETE [options] FROM t [WHERE] [ORDER BY] [LIMIT]`, or the multi-table form
// `DELETE t1, t2 FROM joins WHERE ...` (Targets non-empty). `DELETE FROM t1 USING joins` is read as
// the latter.
public sealed record Delete : Statement
{
    public Comments? Comments { get; init; }

    public IReadOnlyList<string> Options { get; init; } = [];

    public IReadOnlyList<TableName> Targets { get; init; } = [];

    public required IReadOnlyList<TableExpr> From { get; init; }

    public Expression? Where { get; init; }

    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];

    public Limit? Limit { get; init; }

    internal override void Format(SqlWriter w)
    {
        w.Append("delete ");
        Comments?.Format(w);
        foreach (var o in Options)
        {
            w.Append(o).Append(' ');
        }

        if (Targets.Count > 0)
        {
            w.List(Targets).Append(' ');
        }

        w.Append("from ").List(From);
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
        var targets = r.List(Targets, static (x, rr) => rr.VisitTableName(x));
        var from = r.List(From, static (x, rr) => x.Rewrite(rr));
        var where = r.Opt(Where);
        var order = r.List(OrderBy, static (x, rr) => x.Rewrite(rr));
        var limit = Limit?.Rewrite(r);
        return ReferenceEquals(targets, Targets) && ReferenceEquals(from, From) && ReferenceEquals(where, Where)
            && ReferenceEquals(order, OrderBy) && ReferenceEquals(limit, Limit)
            ? this : this with { Targets = targets, From = from, Where = where, OrderBy = order, Limit = limit };
    }
}
