namespace Tessera.Sql.Ast.Tables;

// An item of a FROM clause: a table, a derived table, a join, or a parenthesised list.
public abstract record TableExpr : SqlNode
{
    internal abstract TableExpr Rewrite(AstRewriter r);
}

// `USE INDEX (a, b)`, `FORCE KEY FOR JOIN (a)`, `IGNORE INDEX ()`.
public sealed record IndexHint(string Kind, string? For, IReadOnlyList<string> Indexes) : SqlNode
{
    internal override void Format(SqlWriter w)
    {
        w.Append(Kind).Append(" index ");
        if (For != null)
        {
            w.Append("for ").Append(For).Append(' ');
        }

        w.Append('(');
        for (var i = 0; i < Indexes.Count; i++)
        {
            if (i > 0)
            {
                w.Append(", ");
            }

            w.Ident(Indexes[i]);
        }

        w.Append(')');
    }
}

// `ks.t [PARTITION (p0)] [AS alias] [index hints]`.
public sealed record AliasedTable(TableName Name, string? Alias = null, IReadOnlyList<IndexHint>? Hints = null, IReadOnlyList<string>? Partitions = null) : TableExpr
{
    internal override void Format(SqlWriter w)
    {
        Name.Format(w);
        if (Partitions is { Count: > 0 })
        {
            w.Append(" partition (").Idents(Partitions).Append(')');
        }

        if (Alias != null)
        {
            w.Append(" as ").Ident(Alias);
        }

        if (Hints != null)
        {
            foreach (var h in Hints)
            {
                w.Append(' ');
                h.Format(w);
            }
        }
    }

    internal override TableExpr Rewrite(AstRewriter r)
    {
        var n = r.VisitTableName(Name);
        return ReferenceEquals(n, Name) ? this : this with { Name = n };
    }
}

// `(SELECT ...) AS alias [(c1, c2)]`, optionally LATERAL.
public sealed record DerivedTable(SubqueryExpr Subquery, string? Alias, IReadOnlyList<string>? Columns = null, bool Lateral = false) : TableExpr
{
    internal override void Format(SqlWriter w)
    {
        if (Lateral)
        {
            w.Append("lateral ");
        }

        Subquery.Format(w);
        if (Alias != null)
        {
            w.Append(" as ").Ident(Alias);
        }

        if (Columns is { Count: > 0 })
        {
            w.Append('(').Idents(Columns).Append(')');
        }
    }

    internal override TableExpr Rewrite(AstRewriter r)
    {
        var s = (SubqueryExpr)Subquery.Rewrite(r);
        return ReferenceEquals(s, Subquery) ? this : this with { Subquery = s };
    }
}

public enum JoinKind
{
    Inner,
    Cross,
    Straight,
    Left,
    Right,
    NaturalInner,
    NaturalLeft,
    NaturalRight,
}

// `left JOIN right ON cond` / `USING (cols)`.
public sealed record JoinTable(TableExpr Left, JoinKind Kind, TableExpr Right, Expression? On = null, IReadOnlyList<string>? Using = null) : TableExpr
{
    internal override void Format(SqlWriter w)
    {
        Left.Format(w);
        w.Append(Kind switch
        {
            JoinKind.Inner => " join ",
            JoinKind.Cross => " cross join ",
            JoinKind.Straight => " straight_join ",
            JoinKind.Left => " left join ",
            JoinKind.Right => " right join ",
            JoinKind.NaturalInner => " natural join ",
            JoinKind.NaturalLeft => " natural left join ",
            _ => " natural right join ",
        });
        if (Right is JoinTable)
        {
            w.Append('(');
            Right.Format(w);
            w.Append(')');
        }
        else
        {
            Right.Format(w);
        }

        if (On != null)
        {
            w.Append(" on ").Expr(On, Prec.Lowest);
        }

        if (Using != null)
        {
            w.Append(" using (").Idents(Using).Append(')');
        }
    }

    internal override TableExpr Rewrite(AstRewriter r)
    {
        var l = Left.Rewrite(r);
        var rt = Right.Rewrite(r);
        var on = r.Opt(On);
        return ReferenceEquals(l, Left) && ReferenceEquals(rt, Right) && ReferenceEquals(on, On)
            ? this : this with { Left = l, Right = rt, On = on };
    }
}

// `(t1, t2 JOIN t3 ...)` in FROM.
public sealed record ParenTableExpr(IReadOnlyList<TableExpr> Items) : TableExpr
{
    internal override void Format(SqlWriter w) => w.Append('(').List(Items).Append(')');

    internal override TableExpr Rewrite(AstRewriter r)
    {
        var i = r.List(Items, static (x, rr) => x.Rewrite(rr));
        return ReferenceEquals(i, Items) ? this : this with { Items = i };
    }
}
