namespace Tessera.Sql.Ast.Statements;

// `SELECT [options] items [FROM ...] [WHERE] [GROUP BY [WITH ROLLUP]] [HAVING] [WINDOW] [ORDER BY] [LIMIT] [lock]`.
public sealed record Select : QueryStatement
{
    public Comments? Comments { get; init; }

    // Select options in source order, lower case: `distinct`, `sql_calc_found_rows`, `straight_join` ...
    public IReadOnlyList<string> Options { get; init; } = [];

    public IReadOnlyList<SelectItem> Items { get; init; } = [];

    public IReadOnlyList<TableExpr> From { get; init; } = [];

    public Expression? Where { get; init; }

    public IReadOnlyList<Expression> GroupBy { get; init; } = [];

    public bool WithRollup { get; init; }

    public Expression? Having { get; init; }

    public IReadOnlyList<NamedWindow> Windows { get; init; } = [];

    // `INTO @a, @b` (variables only).
    public IReadOnlyList<Expression> Into { get; init; } = [];

    public bool Distinct => Options.Contains("distinct");

    internal override void Format(SqlWriter w)
    {
        FormatWith(w);
        w.Append("select ");
        Comments?.Format(w);
        foreach (var o in Options)
        {
            w.Append(o).Append(' ');
        }

        w.List(Items);
        if (Into.Count > 0)
        {
            w.Append(" into ").List(Into);
        }

        if (From.Count > 0)
        {
            w.Append(" from ").List(From);
        }

        if (Where != null)
        {
            w.Append(" where ").Expr(Where, Prec.Lowest);
        }

        if (GroupBy.Count > 0)
        {
            w.Append(" group by ").List(GroupBy);
            if (WithRollup)
            {
                w.Append(" with rollup");
            }
        }

        if (Having != null)
        {
            w.Append(" having ").Expr(Having, Prec.Lowest);
        }

        if (Windows.Count > 0)
        {
            w.Append(" window ").List(Windows);
        }

        FormatTail(w);
    }

    public override Statement Rewrite(AstRewriter rewriter)
    {
        var r = rewriter;
        var items = r.List(Items, static (x, rr) => x.Rewrite(rr));
        var from = r.List(From, static (x, rr) => x.Rewrite(rr));
        var where = r.Opt(Where);
        var group = r.List(GroupBy, static (x, rr) => rr.VisitOrdinal(x));
        var having = r.Opt(Having);
        var tail = RewriteTail(r);
        if (ReferenceEquals(items, Items) && ReferenceEquals(from, From) && ReferenceEquals(where, Where)
            && ReferenceEquals(group, GroupBy) && ReferenceEquals(having, Having) && TailUnchanged(tail))
        {
            return this;
        }

        return this with
        {
            Items = items,
            From = from,
            Where = where,
            GroupBy = group,
            Having = having,
            With = tail.With,
            OrderBy = tail.OrderBy,
            Limit = tail.Limit,
        };
    }
}
